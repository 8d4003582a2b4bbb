#include "common/instant.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace rollcall {

namespace {

using namespace std::chrono;

// Reads exactly `n` digits at `pos`.
std::optional<int> digits(std::string_view s, std::size_t& pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool take(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Seconds since the epoch of a valid civil date and time (UTC); nullopt
// when the date does not exist (30 February) or a field is out of range.
std::optional<std::int64_t> civil_seconds(int y, int mo, int d, int h, int mi, int s) {
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  const auto days = sys_days(date).time_since_epoch().count();
  return static_cast<std::int64_t>(days) * 86400 + h * 3600 + mi * 60 + s;
}

constexpr std::array<std::string_view, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> day_names{"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // from 1970-01-01

std::optional<int> month_of(std::string_view name) {
  for (std::size_t i = 0; i < month_names.size(); ++i)
    if (month_names[i] == name) return static_cast<int>(i + 1);
  return std::nullopt;
}

// "08:49:37" at pos.
bool clock_time(std::string_view s, std::size_t& pos, int& h, int& mi, int& sec) {
  auto a = digits(s, pos, 2);
  if (!a || !take(s, pos, ':')) return false;
  auto b = digits(s, pos, 2);
  if (!b || !take(s, pos, ':')) return false;
  auto c = digits(s, pos, 2);
  if (!c) return false;
  h = *a;
  mi = *b;
  sec = *c;
  return true;
}

// Earliest Unix time accepted as --start-at: anything earlier is a number
// that meant something else (a count of seconds, a typo), told as such.
constexpr double earliest_unix = 1e9;  // 2001-09-09
// Later than this, a number is most likely milliseconds.
constexpr double latest_unix = 1e11;   // year 5138

std::optional<double> parse_unix(std::string_view text, std::string& problem) {
  std::size_t pos = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  const std::size_t whole = pos;
  if (take(text, pos, '.')) {
    const std::size_t frac = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == frac) return std::nullopt;
  }
  if (whole == 0 || pos != text.size()) return std::nullopt;
  const double v = std::strtod(std::string(text).c_str(), nullptr);
  if (v >= latest_unix) {
    problem = fmt::format("'{}' is too large for Unix seconds: milliseconds? Give seconds since 1970 ({:.3f}) or an RFC 3339 time",
                          text, v / 1000);
    return std::nullopt;
  }
  if (v < earliest_unix) {
    problem = fmt::format("'{}' read as Unix seconds is {}, long past: give seconds since 1970 (such as {:.0f}) or an RFC 3339 "
                          "time such as 2026-12-05T08:30:00Z",
                          text, format_rfc3339(v), std::floor(epoch_now()) + 60);
    return std::nullopt;
  }
  return v;
}

}  // namespace

double epoch_now() { return duration<double>(system_clock::now().time_since_epoch()).count(); }

std::optional<double> parse_instant(std::string_view text, std::string& problem) {
  problem.clear();
  const auto expected = [&text, &problem](std::string_view why) {
    problem = fmt::format("'{}' is not a time{}: expected RFC 3339 (2026-12-05T08:30:00Z, 2026-12-05T09:30:00+01:00) "
                          "or Unix seconds (1796459400)",
                          text, why);
    return std::nullopt;
  };
  if (text.empty()) return expected("");
  if (text.find_first_not_of("0123456789.") == std::string_view::npos) {
    auto v = parse_unix(text, problem);
    if (v || !problem.empty()) return v;
    return expected("");
  }
  std::size_t pos = 0;
  const auto y = digits(text, pos, 4);
  if (!y || !take(text, pos, '-')) return expected("");
  const auto mo = digits(text, pos, 2);
  if (!mo || !take(text, pos, '-')) return expected("");
  const auto d = digits(text, pos, 2);
  if (!d) return expected("");
  if (pos == text.size()) return expected(" (a date alone: give the time of day too, with its offset)");
  if (!(take(text, pos, 'T') || take(text, pos, 't') || take(text, pos, ' '))) return expected("");
  int h = 0, mi = 0, s = 0;
  if (!clock_time(text, pos, h, mi, s)) return expected(" (the time of day is HH:MM:SS)");
  double fraction = 0;
  if (take(text, pos, '.')) {
    const std::size_t from = pos;
    double scale = 0.1;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == from) return expected(" (digits must follow the decimal point)");
  }
  int offset_s = 0;
  if (pos == text.size()) {
    problem = fmt::format("'{}' has no offset: add Z for UTC or the zone's offset (+01:00): machines of one run may "
                          "not share a time zone",
                          text);
    return std::nullopt;
  }
  if (take(text, pos, 'Z') || take(text, pos, 'z')) {
    offset_s = 0;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos++] == '-' ? -1 : 1;
    const auto oh = digits(text, pos, 2);
    if (!oh || !take(text, pos, ':')) return expected(" (the offset is +HH:MM or -HH:MM)");
    const auto om = digits(text, pos, 2);
    if (!om || *oh > 23 || *om > 59) return expected(" (the offset is +HH:MM or -HH:MM)");
    offset_s = sign * (*oh * 3600 + *om * 60);
  } else {
    return expected("");
  }
  if (pos != text.size()) return expected(" (something follows the offset)");
  if (s == 60) {
    problem = fmt::format("'{}' names a leap second: give :59 or the next minute's :00", text);
    return std::nullopt;
  }
  const auto civil = civil_seconds(*y, *mo, *d, h, mi, s);
  if (!civil) {
    problem = fmt::format("'{}' is not a time: no such date or time of day", text);
    return std::nullopt;
  }
  // The local time minus its offset is UTC: 09:30+01:00 is 08:30Z.
  return static_cast<double>(*civil - offset_s) + fraction;
}

std::string format_rfc3339(double epoch_s) {
  const double whole = std::floor(epoch_s);
  auto ms = static_cast<int>(std::lround((epoch_s - whole) * 1000));
  auto secs = static_cast<std::int64_t>(whole);
  if (ms == 1000) {
    ms = 0;
    ++secs;
  }
  const sys_seconds t{std::chrono::seconds{secs}};
  const auto days = floor<std::chrono::days>(t);
  const year_month_day date{days};
  const hh_mm_ss<std::chrono::seconds> tod{t - days};
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(date.year()),
                                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), tod.hours().count(),
                                tod.minutes().count(), tod.seconds().count());
  if (ms != 0) out += fmt::format(".{:03}", ms);
  return out + "Z";
}

std::string format_http_date(std::int64_t epoch_s) {
  const sys_seconds t{std::chrono::seconds{epoch_s}};
  const auto days = floor<std::chrono::days>(t);
  const year_month_day date{days};
  const hh_mm_ss<std::chrono::seconds> tod{t - days};
  const auto weekday = static_cast<std::size_t>(((days.time_since_epoch().count() % 7) + 7) % 7);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", day_names[weekday], static_cast<unsigned>(date.day()),
                     month_names[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                     tod.hours().count(), tod.minutes().count(), tod.seconds().count());
}

std::optional<std::int64_t> parse_http_date(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  const auto comma = s.find(',');
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  std::size_t pos = 0;
  if (comma == 3) {
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    pos = 4;
    if (!take(s, pos, ' ')) return std::nullopt;
    const auto dd = digits(s, pos, 2);
    if (!dd || !take(s, pos, ' ') || pos + 3 > s.size()) return std::nullopt;
    const auto m = month_of(s.substr(pos, 3));
    pos += 3;
    if (!m || !take(s, pos, ' ')) return std::nullopt;
    const auto yy = digits(s, pos, 4);
    if (!yy || !take(s, pos, ' ') || !clock_time(s, pos, h, mi, sec)) return std::nullopt;
    y = *yy;
    mo = *m;
    d = *dd;
  } else if (comma != std::string_view::npos) {
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; a two-digit year within
    // 50 years of now, as RFC 9110 asks.
    pos = comma + 1;
    if (!take(s, pos, ' ')) return std::nullopt;
    const auto dd = digits(s, pos, 2);
    if (!dd || !take(s, pos, '-') || pos + 3 > s.size()) return std::nullopt;
    const auto m = month_of(s.substr(pos, 3));
    pos += 3;
    if (!m || !take(s, pos, '-')) return std::nullopt;
    const auto yy = digits(s, pos, 2);
    if (!yy || !take(s, pos, ' ') || !clock_time(s, pos, h, mi, sec)) return std::nullopt;
    const int this_year = static_cast<int>(year_month_day{floor<days>(system_clock::now())}.year());
    y = this_year / 100 * 100 + *yy;
    if (y > this_year + 50) y -= 100;
    mo = *m;
    d = *dd;
  } else {
    // asctime: "Sun Nov  6 08:49:37 1994"
    if (s.size() != 24 || s[3] != ' ' || s[7] != ' ') return std::nullopt;
    const auto m = month_of(s.substr(4, 3));
    if (!m) return std::nullopt;
    pos = 8;
    if (s[pos] == ' ') {
      ++pos;
      const auto dd = digits(s, pos, 1);
      if (!dd) return std::nullopt;
      d = *dd;
    } else {
      const auto dd = digits(s, pos, 2);
      if (!dd) return std::nullopt;
      d = *dd;
    }
    if (!take(s, pos, ' ') || !clock_time(s, pos, h, mi, sec) || !take(s, pos, ' ')) return std::nullopt;
    const auto yy = digits(s, pos, 4);
    if (!yy || pos != s.size()) return std::nullopt;
    y = *yy;
    mo = *m;
    return civil_seconds(y, mo, d, h, mi, sec);
  }
  if (!take(s, pos, ' ') || s.substr(pos) != "GMT") return std::nullopt;
  return civil_seconds(y, mo, d, h, mi, sec);
}

}  // namespace rollcall
