#include "report/format.hpp"

#include <fmt/format.h>

namespace rollcall::report {

std::string human_latency(std::int64_t micros) {
  if (micros >= 1'000'000) return fmt::format("{:.2f}s", static_cast<double>(micros) / 1e6);
  if (micros >= 1'000) return fmt::format("{:.2f}ms", static_cast<double>(micros) / 1e3);
  return fmt::format("{}us", micros);
}

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000 && unit < 4) {
    bytes /= 1000;
    ++unit;
  }
  return fmt::format("{:.2f} {}", bytes, units[unit]);
}

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace rollcall::report
