// URL resolution as virtual users follow links and Location headers: a
// server chooses the reference, so nothing it writes may put a CR, LF or NUL
// into the Host header, the host connected to or the request line.
//
// Input: "base\nreference".
#include <optional>
#include <string>

#include "fuzz_check.hpp"
#include "http/url.hpp"

using namespace rollcall;

namespace {

void check_target(const http::Target& t) {
  fuzz::check(!t.host.empty(), "a target without a host");
  fuzz::check(!fuzz::has_line_break_or_nul(t.host), "a resolved host holds CR, LF or NUL");
  fuzz::check(!fuzz::has_line_break_or_nul(t.host_header), "a Host header holds CR, LF or NUL");
  fuzz::check(t.host_header.find(' ') == std::string::npos, "a Host header holds a space");
  fuzz::check(!t.path_and_query.empty() && t.path_and_query.find_first_of(std::string_view(" \r\n\0", 4)) == std::string::npos,
              "a request target is empty or holds a space, CR, LF or NUL");
  fuzz::check(t.port != 0, "a target on port 0");
  (void)http::is_ip_literal(t.host);
  (void)t.origin();
}

}  // namespace

int fuzz_url(const std::uint8_t* data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  const std::string_view base = fuzz::take_line(text);
  if (auto t = http::split_url(base)) check_target(*t);
  if (auto resolved = http::resolve_url(base, text)) {
    if (auto t = http::split_url(*resolved)) check_target(*t);
  }
  std::string form;
  http::append_form_encoded(form, text);
  fuzz::check(form.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*+%") == std::string::npos,
              "form encoding left a character that needs escaping");
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_url(data, size); }
#endif
