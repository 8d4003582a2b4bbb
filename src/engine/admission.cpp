#include "engine/admission.hpp"

#include <strings.h>

#include <algorithm>
#include <ctime>
#include <limits>

#include <re2/re2.h>

namespace rollcall::engine {

namespace {

bool matches(const scenario::AdmissionMatch& m, const http::ResponseData& response) {
  if (!m.status.empty() && std::find(m.status.begin(), m.status.end(), response.status) == m.status.end()) return false;
  for (const auto& [name, part] : m.headers) {
    const auto value = response.header(name);
    if (!value || value->find(part) == std::string_view::npos) return false;
  }
  for (const auto& text : m.contains)
    if (response.body.find(text) == std::string::npos) return false;
  for (const auto& re : m.matches)
    if (!re2::RE2::PartialMatch(response.body, *re)) return false;
  return true;
}

bool any_matches(const std::vector<scenario::AdmissionMatch>& rules, const http::ResponseData& response) {
  return std::any_of(rules.begin(), rules.end(), [&](const auto& m) { return matches(m, response); });
}

// Delay-seconds: digits only, blanks around. A number too long for 64 bits
// still asks for a long wait, not for none: it saturates.
std::optional<std::uint64_t> whole_seconds(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  constexpr auto most = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const unsigned digit = static_cast<unsigned>(c - '0');
    n = n > (most - digit) / 10 ? most : n * 10 + digit;
  }
  return n;
}

// A day: what either form of Retry-After and a meta refresh may ask before
// bounded() cuts it; small enough for any clock arithmetic.
constexpr std::uint64_t longest_asked_seconds = 86400;

std::chrono::nanoseconds asked(std::uint64_t seconds) {
  return std::chrono::seconds(std::min(seconds, longest_asked_seconds));
}

// A waiting room that asks for days is not a delay a user honours; neither
// does a page that says 0 mean "hammer the server".
constexpr std::chrono::nanoseconds longest_wait = std::chrono::hours(1);
constexpr std::chrono::nanoseconds shortest_wait = std::chrono::milliseconds(100);

std::chrono::nanoseconds bounded(std::chrono::nanoseconds d) { return std::clamp(d, shortest_wait, longest_wait); }

}  // namespace

Admitted classify_admission(const scenario::Admission& admission, const http::ResponseData& response) {
  // A quota page that also looks like a waiting room is a refusal: the user is not in a queue.
  if (any_matches(admission.rejected, response)) return Admitted::rejected;
  if (any_matches(admission.queued, response)) return Admitted::queued;
  return Admitted::yes;
}

std::optional<std::chrono::nanoseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  if (auto seconds = whole_seconds(value)) return asked(*seconds);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  // Years 0 to 9999 are dates, but the clock counts nanoseconds in 64 bits
  // (years 1677 to 2262): the date is brought within a day of now, in
  // seconds, before the clock sees it.
  const std::time_t from = std::chrono::system_clock::to_time_t(now);
  const std::time_t then = std::clamp<std::time_t>(timegm(&tm), from - 1, from + longest_asked_seconds + 1);
  const auto wait = std::chrono::system_clock::from_time_t(then) - now;
  return std::clamp<std::chrono::nanoseconds>(wait, std::chrono::nanoseconds::zero(),
                                              std::chrono::seconds(longest_asked_seconds));
}

std::optional<std::chrono::nanoseconds> parse_meta_refresh(std::string_view html) {
  // RE2 over the page: linear whatever a hostile page holds.
  static const re2::RE2 refresh(
      R"re((?i)<meta[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["']?\s*(\d+))re");
  static const re2::RE2 refresh_reversed(
      R"re((?i)<meta[^>]*content\s*=\s*["']?\s*(\d+)[^>]*http-equiv\s*=\s*["']?refresh)re");
  std::string seconds;
  if (!re2::RE2::PartialMatch(html, refresh, &seconds) && !re2::RE2::PartialMatch(html, refresh_reversed, &seconds))
    return std::nullopt;
  auto n = whole_seconds(seconds);
  if (!n) return std::nullopt;
  return asked(*n);
}

std::chrono::nanoseconds admission_wait(const http::ResponseData& response, std::chrono::nanoseconds fallback,
                                        std::chrono::system_clock::time_point now) {
  if (auto value = response.header("Retry-After"))
    if (auto d = parse_retry_after(*value, now)) return bounded(*d);
  if (auto d = parse_meta_refresh(response.body)) return bounded(*d);
  return bounded(fallback);
}

}  // namespace rollcall::engine
