#include "scenario/size.hpp"

#include <charconv>
#include <cmath>

namespace rollcall::scenario {

std::optional<std::uint64_t> parse_size(std::string_view text) {
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || !(number >= 0) || !std::isfinite(number)) return std::nullopt;
  std::string_view unit = text.substr(static_cast<std::size_t>(end - text.data()));
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  double scale = 0;
  if (unit.empty() || unit == "B") scale = 1;
  else if (unit == "KB" || unit == "kB") scale = 1e3;
  else if (unit == "MB") scale = 1e6;
  else if (unit == "GB") scale = 1e9;
  else if (unit == "KiB") scale = 1024.0;
  else if (unit == "MiB") scale = 1024.0 * 1024;
  else if (unit == "GiB") scale = 1024.0 * 1024 * 1024;
  else return std::nullopt;
  const double bytes = std::round(number * scale);
  if (bytes > 1e15) return std::nullopt;  // a petabyte upload is a typo
  return static_cast<std::uint64_t>(bytes);
}

}  // namespace rollcall::scenario
