#pragma once
// A virtual user's cookies, kept as browsers keep them (RFC 6265 with the
// parts of RFC 6265bis that browsers ship). A run holds one jar per virtual
// user, up to 100,000 of them in one process, so a cookie is one heap block
// and a jar is a vector of pointers: no map, no string per field.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rollcall::http {

// What the jar needs to know of a request: its scheme, host (lowercase, no
// port, IPv6 without brackets) and path (the query, if any, is ignored).
struct CookieUrl {
  bool secure = false;
  std::string_view host;
  std::string_view path;
};

class CookieJar {
 public:
  using WallClock = std::chrono::system_clock;

  static constexpr std::size_t max_cookies = 150;          // per jar; the oldest goes first
  static constexpr std::size_t max_name_value_bytes = 4096;
  static constexpr std::size_t max_attribute_bytes = 1024; // longer Domain/Path values are ignored

  CookieJar();
  CookieJar(const CookieJar& other);
  CookieJar(CookieJar&& other) noexcept;
  CookieJar& operator=(const CookieJar& other);
  CookieJar& operator=(CookieJar&& other) noexcept;
  ~CookieJar();

  // Processes one Set-Cookie header value received for `url`. Returns false
  // when the cookie was ignored, with the reason in *reason if given; a
  // cookie that expires in the past deletes its namesake and returns true.
  // Never throws on what a server sends.
  bool store(const CookieUrl& url, std::string_view set_cookie, WallClock::time_point now,
             std::string* reason = nullptr);

  // Appends the Cookie header value for a request ("a=1; b=2"), longest path
  // first, then oldest first. Returns false, leaving `out` untouched, when no
  // cookie applies. Expired cookies are dropped on the way.
  bool cookie_header(const CookieUrl& url, WallClock::time_point now, std::string& out);

  // The value of the live cookie called `name` with the longest path, any
  // domain; between equal paths the most recently set wins.
  std::optional<std::string_view> find(std::string_view name) const;
  std::optional<std::string_view> find(std::string_view name, WallClock::time_point now) const;

  void clear() noexcept;
  std::size_t size() const noexcept;         // cookies held, expired ones included until next touched
  std::size_t memory_bytes() const noexcept; // heap requested by the jar and its cookies

 private:
  class Cookie;  // one heap block: see cookie_jar.cpp
  std::vector<Cookie> cookies_;  // oldest first: the order is the creation order
};

// The cookie-date algorithm (RFC 6265 §5.1.1): RFC 1123, RFC 850, asctime
// and the sloppier forms servers send. Returns nothing for a date it rejects.
std::optional<CookieJar::WallClock::time_point> parse_cookie_date(std::string_view text);

}  // namespace rollcall::http
