// A virtual user's cookie jar against whatever Set-Cookie values a server
// sends: it never throws, never holds more than max_cookies, and the Cookie
// header it writes never holds a line break or a NUL (which would split the
// request).
//
// Input: lines. "> host path" sets the request URL (">>" for https), "?"
// asks for the Cookie header of the current URL, "+N" moves the clock N
// seconds; any other line is a Set-Cookie value received for the current URL.
#include <chrono>
#include <string>

#include "fuzz_check.hpp"
#include "http/cookie_jar.hpp"

using namespace rollcall;

int fuzz_cookie_jar(const std::uint8_t* data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  http::CookieJar jar;
  auto now = http::CookieJar::WallClock::time_point{} + std::chrono::seconds(1'700'000'000);
  std::string host = "ent.example.org", path = "/";
  http::CookieUrl url{false, host, path};
  while (!text.empty()) {
    const std::string_view line = fuzz::take_line(text);
    if (line.starts_with('>')) {
      std::string_view rest = line.substr(1);
      url.secure = rest.starts_with('>');
      if (url.secure) rest.remove_prefix(1);
      const auto space = rest.find(' ');
      host = std::string(rest.substr(0, space));
      path = space == std::string_view::npos ? "/" : std::string(rest.substr(space + 1));
      url.host = host;
      url.path = path;
    } else if (line == "?") {
      std::string header;
      if (jar.cookie_header(url, now, header))
        fuzz::check(!fuzz::has_line_break_or_nul(header), "the Cookie header holds CR, LF or NUL");
    } else if (line.starts_with('+')) {
      now += std::chrono::seconds(line.size() * 1000);
    } else {
      std::string reason;
      (void)jar.store(url, line, now, &reason);
      (void)http::parse_cookie_date(line);
      const auto eq = line.find('=');
      if (eq != std::string_view::npos) (void)jar.find(line.substr(0, eq), now);
    }
    fuzz::check(jar.size() <= http::CookieJar::max_cookies, "the jar holds more than max_cookies");
  }
  std::string header;
  if (jar.cookie_header(url, now, header))
    fuzz::check(!fuzz::has_line_break_or_nul(header), "the Cookie header holds CR, LF or NUL");
  http::CookieJar copy(jar);
  fuzz::check(copy.size() == jar.size(), "a copied jar differs in size");
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_cookie_jar(data, size); }
#endif
