#include "http/cookie_jar.hpp"
#include "common/ascii.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

namespace rollcall::http {

namespace {

using WallClock = CookieJar::WallClock;

constexpr std::int64_t kSessionExpiry = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kEarliestExpiry = std::numeric_limits<std::int64_t>::min();
// RFC 6265bis §5.5: browsers cap Expires and Max-Age at 400 days.
constexpr std::int64_t kMaxLifetimeMs = 400LL * 24 * 3600 * 1000;

std::int64_t to_ms(WallClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}


bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 6265bis §5.7 step 2: control characters other than HTAB void the header.
bool has_control_character(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\t') || u == 0x7f;
  });
}

// WHATWG URL's "ends in a number": such a host is an IPv4 address, and a
// colon only occurs in IPv6 literals once the port is gone.
bool is_ip_address(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  const auto dot = host.rfind('.');
  const auto last = dot == std::string_view::npos ? host : host.substr(dot + 1);
  if (last.empty()) return false;
  if (std::all_of(last.begin(), last.end(), is_digit)) return true;
  return last.size() >= 2 && last[0] == '0' && ascii::lower(last[1]) == 'x' &&
         std::all_of(last.begin() + 2, last.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// §5.1.3. An IP address only matches itself: "1.2.3.4" is not in "2.3.4".
bool domain_match(std::string_view host, std::string_view domain) {
  if (ascii::iequals(host, domain)) return true;
  return host.size() > domain.size() && host[host.size() - domain.size() - 1] == '.' &&
         ascii::iequals(host.substr(host.size() - domain.size()), domain) && !is_ip_address(host);
}

std::string_view request_path(std::string_view path) {
  path = path.substr(0, path.find_first_of("?#"));
  return path.empty() ? std::string_view("/") : path;
}

// §5.1.4: "/docs" matches "/docs", "/docs/" and "/docs/x", never "/docsx".
bool path_match(std::string_view request, std::string_view cookie) {
  if (request.size() < cookie.size() || request.compare(0, cookie.size(), cookie) != 0) return false;
  return request.size() == cookie.size() || cookie.back() == '/' || request[cookie.size()] == '/';
}

// §5.1.4: the directory of the request path.
std::string_view default_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return "/";
  const auto slash = path.rfind('/');
  return slash == 0 ? std::string_view("/") : path.substr(0, slash);
}

// §5.1.1, step by step. Tokens are runs of non-delimiters; the first token
// that fits each of time, day, month and year is taken, in that order.
bool is_date_delimiter(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
         (c >= 0x7b && c <= 0x7e);
}

// 1*max DIGIT followed by nothing or a non-digit; returns the digits' count.
std::size_t leading_digits(std::string_view s, std::size_t min, std::size_t max, int& value) {
  std::size_t n = 0;
  value = 0;
  while (n < s.size() && is_digit(s[n])) {
    if (n == max) return 0;
    value = value * 10 + (s[n] - '0');
    ++n;
  }
  return n >= min ? n : 0;
}

bool parse_time(std::string_view token, int& h, int& m, int& s) {
  std::size_t n = leading_digits(token, 1, 2, h);
  if (n == 0 || n >= token.size() || token[n] != ':') return false;
  token.remove_prefix(n + 1);
  n = leading_digits(token, 1, 2, m);
  if (n == 0 || n >= token.size() || token[n] != ':') return false;
  token.remove_prefix(n + 1);
  return leading_digits(token, 1, 2, s) != 0;
}

int parse_month(std::string_view token) {
  static constexpr std::array<std::string_view, 12> names = {"jan", "feb", "mar", "apr", "may", "jun",
                                                             "jul", "aug", "sep", "oct", "nov", "dec"};
  for (std::size_t i = 0; i < names.size(); ++i)
    if (ascii::istarts_with(token, names[i])) return static_cast<int>(i) + 1;
  return 0;
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic
// Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

// Seconds since the epoch, or nothing.
std::optional<std::int64_t> cookie_date_seconds(std::string_view text) {
  bool found_time = false, found_day = false, found_month = false, found_year = false;
  int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_date_delimiter(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_date_delimiter(static_cast<unsigned char>(text[i]))) ++i;
    const auto token = text.substr(start, i - start);
    if (token.empty()) continue;
    int value = 0;
    if (!found_time && parse_time(token, hour, minute, second)) {
      found_time = true;
    } else if (!found_day && leading_digits(token, 1, 2, value)) {
      found_day = true;
      day = value;
    } else if (!found_month && (value = parse_month(token)) != 0) {
      found_month = true;
      month = value;
    } else if (!found_year && leading_digits(token, 2, 4, value)) {
      found_year = true;
      year = value;
    }
  }
  if (found_year && year >= 70 && year <= 99) year += 1900;
  if (found_year && year >= 0 && year <= 69) year += 2000;
  if (!found_time || !found_day || !found_month || !found_year) return std::nullopt;
  if (day < 1 || year < 1601 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  if (day > days_in_month(year, month)) return std::nullopt;
  const auto days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

// Max-Age (§5.2.2): an optional '-' then digits only, or the attribute is
// ignored. Values beyond any cap saturate.
std::optional<std::int64_t> parse_max_age(std::string_view v) {
  if (v.empty() || !(is_digit(v.front()) || v.front() == '-')) return std::nullopt;
  const bool negative = v.front() == '-';
  const auto digits = negative ? v.substr(1) : v;
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_digit)) return std::nullopt;
  if (negative) return 0;
  std::int64_t seconds = 0;
  for (char c : digits) {
    seconds = seconds * 10 + (c - '0');
    if (seconds > kMaxLifetimeMs / 1000) return kMaxLifetimeMs / 1000 + 1;
  }
  return seconds;
}

// A Set-Cookie header, read (§5.2) but not yet judged against the request.
struct SetCookie {
  std::string_view name, value;
  std::optional<std::int64_t> expires_s;   // Expires, seconds since the epoch
  std::optional<std::int64_t> max_age_s;   // Max-Age, <= 0 means "now"
  std::optional<std::string_view> domain;  // without its leading dot, never empty
  std::optional<std::string_view> path;    // starts with '/'
  bool secure = false, http_only = false;
};

void read_attribute(std::string_view av, SetCookie& c) {
  const auto eq = av.find('=');
  const auto name = ascii::trim_blanks(av.substr(0, eq));
  const auto value = eq == std::string_view::npos ? std::string_view() : ascii::trim_blanks(av.substr(eq + 1));
  // RFC 6265bis: an oversized attribute is dropped, the cookie is kept.
  if (value.size() > CookieJar::max_attribute_bytes) return;
  if (ascii::iequals(name, "expires")) {
    if (auto date = cookie_date_seconds(value)) c.expires_s = date;
  } else if (ascii::iequals(name, "max-age")) {
    if (auto age = parse_max_age(value)) c.max_age_s = age;
  } else if (ascii::iequals(name, "domain")) {
    auto domain = value;
    if (!domain.empty() && domain.front() == '.') domain.remove_prefix(1);
    // An empty Domain leaves the cookie host-only, as in browsers.
    c.domain = domain.empty() ? std::nullopt : std::optional(domain);
  } else if (ascii::iequals(name, "path")) {
    c.path = !value.empty() && value.front() == '/' ? std::optional(value) : std::nullopt;
  } else if (ascii::iequals(name, "secure")) {
    c.secure = true;
  } else if (ascii::iequals(name, "httponly")) {
    c.http_only = true;
  }
  // SameSite, Partitioned, Priority...: nothing here sends cross-site requests.
}

bool reject(std::string* reason, std::string_view why) {
  if (reason) *reason = why;
  return false;
}

bool parse_set_cookie(std::string_view header, SetCookie& c, std::string* reason) {
  if (has_control_character(header)) return reject(reason, "control character in the header");
  const auto semicolon = header.find(';');
  const auto pair = header.substr(0, semicolon);
  const auto eq = pair.find('=');
  // RFC 6265bis: "Set-Cookie: token" is a cookie with an empty name.
  c.name = eq == std::string_view::npos ? std::string_view() : ascii::trim_blanks(pair.substr(0, eq));
  c.value = ascii::trim_blanks(eq == std::string_view::npos ? pair : pair.substr(eq + 1));
  if (c.name.empty() && c.value.empty()) return reject(reason, "empty name and value");
  if (c.name.size() + c.value.size() > CookieJar::max_name_value_bytes)
    return reject(reason, "name and value longer than 4096 bytes");
  auto rest = semicolon == std::string_view::npos ? std::string_view() : header.substr(semicolon + 1);
  while (!rest.empty()) {
    const auto end = rest.find(';');
    read_attribute(rest.substr(0, end), c);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return true;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

// One allocation per cookie: a fixed header then name, value, domain and
// path back to back. 24 bytes plus the text; the jar holds only the pointer.
class CookieJar::Cookie {
 public:
  struct Fields {
    std::string_view name, value, domain, path;
    std::int64_t expiry_ms = kSessionExpiry;
    bool secure = false, http_only = false, host_only = true;
  };

  explicit Cookie(const Fields& f) {
    block_ = ::operator new(sizeof(Header) + f.name.size() + f.value.size() + f.domain.size() + f.path.size());
    ::new (block_) Header{f.expiry_ms,
                                  static_cast<std::uint16_t>(f.name.size()),
                                  static_cast<std::uint16_t>(f.value.size()),
                                  static_cast<std::uint16_t>(f.domain.size()),
                                  static_cast<std::uint16_t>(f.path.size()),
                                  static_cast<std::uint8_t>((f.secure ? kSecure : 0) | (f.http_only ? kHttpOnly : 0) |
                                                            (f.host_only ? kHostOnly : 0))};
    char* p = text();
    for (auto part : {f.name, f.value, f.domain, f.path}) {
      if (!part.empty()) std::memcpy(p, part.data(), part.size());
      p += part.size();
    }
  }
  Cookie(const Cookie& other) : block_(::operator new(other.heap_bytes())) {
    std::memcpy(block_, other.block_, other.heap_bytes());
  }
  Cookie(Cookie&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  Cookie& operator=(Cookie other) noexcept {
    std::swap(block_, other.block_);
    return *this;
  }
  ~Cookie() { ::operator delete(block_); }

  std::string_view name() const { return {text(), header().name_len}; }
  std::string_view value() const { return {text() + header().name_len, header().value_len}; }
  std::string_view domain() const { return {text() + header().name_len + header().value_len, header().domain_len}; }
  std::string_view path() const {
    const auto& h = header();
    return {text() + h.name_len + h.value_len + h.domain_len, h.path_len};
  }
  std::int64_t expiry_ms() const { return header().expiry_ms; }
  bool expired(std::int64_t now_ms) const { return header().expiry_ms <= now_ms; }
  bool secure() const { return (header().flags & kSecure) != 0; }
  bool host_only() const { return (header().flags & kHostOnly) != 0; }

  std::size_t heap_bytes() const {
    const auto& h = header();
    return sizeof(Header) + h.name_len + h.value_len + h.domain_len + h.path_len;
  }

  // §5.4 step 1: which requests carry this cookie.
  bool applies_to(const CookieUrl& url, std::string_view path_only) const {
    if (secure() && !url.secure) return false;
    if (host_only() ? !ascii::iequals(url.host, domain()) : !domain_match(url.host, domain())) return false;
    return path_match(path_only, path());
  }

 private:
  static constexpr std::uint8_t kSecure = 1, kHttpOnly = 2, kHostOnly = 4;
  struct Header {
    std::int64_t expiry_ms;
    std::uint16_t name_len, value_len, domain_len, path_len;
    std::uint8_t flags;
  };

  const Header& header() const { return *std::launder(static_cast<const Header*>(block_)); }
  char* text() const { return static_cast<char*>(block_) + sizeof(Header); }

  void* block_ = nullptr;
};

CookieJar::CookieJar() = default;
CookieJar::CookieJar(const CookieJar& other) = default;
CookieJar::CookieJar(CookieJar&& other) noexcept = default;
CookieJar& CookieJar::operator=(const CookieJar& other) = default;
CookieJar& CookieJar::operator=(CookieJar&& other) noexcept = default;
CookieJar::~CookieJar() = default;

bool CookieJar::store(const CookieUrl& url, std::string_view set_cookie, WallClock::time_point now,
                      std::string* reason) {
  if (url.host.empty()) return reject(reason, "no host");
  SetCookie c;
  if (!parse_set_cookie(set_cookie, c, reason)) return false;
  const std::int64_t now_ms = to_ms(now);

  // §5.3 step 3: Max-Age wins over Expires, whatever their order.
  std::int64_t expiry = kSessionExpiry;
  if (c.max_age_s) {
    expiry = *c.max_age_s <= 0 ? kEarliestExpiry : now_ms + *c.max_age_s * 1000;
  } else if (c.expires_s) {
    expiry = *c.expires_s * 1000;  // years 1601-9999: no overflow
  }
  if (expiry != kSessionExpiry && expiry != kEarliestExpiry) expiry = std::min(expiry, now_ms + kMaxLifetimeMs);

  const std::string host = ascii::lower(url.host);
  Cookie::Fields f{c.name, c.value, host, c.path.value_or(default_path(request_path(url.path))), expiry,
                   c.secure, c.http_only, true};
  std::string domain;
  if (c.domain) {
    // No public-suffix list: a load test talks to one platform, whose
    // cookies are trusted. An IP address only matches itself.
    if (!is_ascii(*c.domain)) return reject(reason, "non-ASCII Domain attribute");
    domain = ascii::lower(*c.domain);
    if (!domain_match(host, domain))
      return reject(reason, "Domain=" + domain + " does not domain-match host " + host);
    f.domain = domain;
    f.host_only = false;
  }
  if (c.secure && !url.secure) return reject(reason, "Secure cookie received over http");
  // RFC 6265bis cookie prefixes, enforced by browsers.
  const auto prefixed = c.name.empty() ? c.value : c.name;
  if (ascii::istarts_with(prefixed, "__Secure-") && !c.secure)
    return reject(reason, "__Secure- cookie without the Secure attribute");
  if (ascii::istarts_with(prefixed, "__Host-") && !(c.secure && f.host_only && c.path && f.path == "/"))
    return reject(reason, "__Host- cookie needs Secure, Path=/ and no Domain");
  if (f.domain.size() > max_attribute_bytes || f.path.size() > max_attribute_bytes)
    return reject(reason, "host or path longer than 1024 bytes");

  // RFC 6265bis §5.7 step 16: plain http cannot shadow a Secure cookie.
  if (!url.secure) {
    const bool shadows = std::any_of(cookies_.begin(), cookies_.end(), [&](const Cookie& old) {
      return old.secure() && old.name() == f.name &&
             (domain_match(old.domain(), f.domain) || domain_match(f.domain, old.domain())) &&
             path_match(f.path, old.path());
    });
    if (shadows) return reject(reason, "would overwrite a Secure cookie over http");
  }

  // §5.3 step 11: same name, domain and path replaces, keeping its place in
  // the creation order.
  auto same = std::find_if(cookies_.begin(), cookies_.end(), [&](const Cookie& old) {
    return old.name() == f.name && old.domain() == f.domain && old.path() == f.path;
  });
  const bool expired = expiry <= now_ms;
  if (same != cookies_.end()) {
    if (expired)
      cookies_.erase(same);
    else
      *same = Cookie(f);
    return true;
  }
  if (expired) return true;
  cookies_.emplace_back(f);
  if (cookies_.size() > max_cookies) {
    std::erase_if(cookies_, [&](const Cookie& old) { return old.expired(now_ms); });
    if (cookies_.size() > max_cookies) cookies_.erase(cookies_.begin(), cookies_.end() - max_cookies);
  }
  return true;
}

bool CookieJar::cookie_header(const CookieUrl& url, WallClock::time_point now, std::string& out) {
  const std::int64_t now_ms = to_ms(now);
  std::erase_if(cookies_, [&](const Cookie& c) { return c.expired(now_ms); });
  const auto path = request_path(url.path);

  // Indices of the cookies to send, on the stack: this runs for every request.
  static_assert(max_cookies <= 256);
  std::array<std::uint8_t, max_cookies> chosen{};
  std::size_t count = 0;
  for (std::size_t i = 0; i < cookies_.size(); ++i)
    if (cookies_[i].applies_to(url, path)) chosen[count++] = static_cast<std::uint8_t>(i);
  if (count == 0) return false;
  // §5.4 step 2: longer paths first, then older first. An insertion sort is
  // stable, allocates nothing, and a request carries a handful of cookies.
  for (std::size_t k = 1; k < count; ++k) {
    const auto index = chosen[k];
    std::size_t j = k;
    for (; j > 0 && cookies_[chosen[j - 1]].path().size() < cookies_[index].path().size(); --j) chosen[j] = chosen[j - 1];
    chosen[j] = index;
  }
  for (std::size_t k = 0; k < count; ++k) {
    const Cookie& c = cookies_[chosen[k]];
    if (k > 0) out += "; ";
    if (!c.name().empty()) {
      out += c.name();
      out += '=';
    }
    out += c.value();
  }
  return true;
}

std::optional<std::string_view> CookieJar::find(std::string_view name) const {
  return find(name, WallClock::now());
}

std::optional<std::string_view> CookieJar::find(std::string_view name, WallClock::time_point now) const {
  const std::int64_t now_ms = to_ms(now);
  const Cookie* best = nullptr;
  for (const auto& c : cookies_)
    if (c.name() == name && !c.expired(now_ms) && (!best || c.path().size() >= best->path().size())) best = &c;
  if (!best) return std::nullopt;
  return best->value();
}

// Releases the vector too: a user who logged out holds nothing.
void CookieJar::clear() noexcept { std::vector<Cookie>().swap(cookies_); }

std::size_t CookieJar::size() const noexcept { return cookies_.size(); }

std::size_t CookieJar::memory_bytes() const noexcept {
  std::size_t bytes = cookies_.capacity() * sizeof(Cookie);
  for (const auto& c : cookies_) bytes += c.heap_bytes();
  return bytes;
}

std::optional<CookieJar::WallClock::time_point> parse_cookie_date(std::string_view text) {
  const auto seconds = cookie_date_seconds(text);
  if (!seconds) return std::nullopt;
  // The clock's range (±292 years around 1970 in nanoseconds) is narrower
  // than the algorithm's (1601 to 9999).
  using std::chrono::duration_cast;
  constexpr auto min_s = duration_cast<std::chrono::seconds>(WallClock::duration::min()).count() + 1;
  constexpr auto max_s = duration_cast<std::chrono::seconds>(WallClock::duration::max()).count() - 1;
  return WallClock::time_point(duration_cast<WallClock::duration>(std::chrono::seconds(std::clamp(*seconds, min_s, max_s))));
}

}  // namespace rollcall::http
