#include "common/duration.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace rollcall {

namespace {

std::optional<double> unit_in_ns(std::string_view unit) {
  if (unit == "ns") return 1.0;
  if (unit == "us" || unit == "µs") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  if (unit == "m" || unit == "min") return 60e9;
  if (unit == "h") return 3600e9;
  return std::nullopt;
}

bool is_unit_char(char c) { return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80; }

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double total_ns = 0;
  while (!text.empty()) {
    double number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc{} || number < 0 || !std::isfinite(number)) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    std::size_t unit_len = 0;
    while (unit_len < text.size() && is_unit_char(text[unit_len])) ++unit_len;
    auto unit = unit_in_ns(text.substr(0, unit_len));
    if (!unit) return std::nullopt;
    text.remove_prefix(unit_len);
    total_ns += number * *unit;
  }
  if (total_ns > 1e18) return std::nullopt;
  return Duration{static_cast<Duration::rep>(std::llround(total_ns))};
}

std::string format_duration(Duration d) {
  const double ns = static_cast<double>(d.count());
  if (ns >= 3600e9 && std::fmod(ns, 60e9) == 0) return fmt::format("{}m", d.count() / 60'000'000'000);
  if (ns >= 1e9) return fmt::format("{:.3g}s", ns / 1e9);
  if (ns >= 1e6) return fmt::format("{:.3g}ms", ns / 1e6);
  if (ns >= 1e3) return fmt::format("{:.3g}us", ns / 1e3);
  return fmt::format("{}ns", d.count());
}

}  // namespace rollcall
