#pragma once
// Durations as people write them on a command line or in a scenario:
// "250ms", "10s", "2m", "1h30m", "1.5s", "800us".
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rollcall {

using Duration = std::chrono::nanoseconds;

// Parses a duration; nullopt on anything that is not one. A bare number is
// not accepted: the unit is always explicit.
std::optional<Duration> parse_duration(std::string_view text);

// "1.25s", "250ms", "12.3us": the shortest readable form.
std::string format_duration(Duration d);

// In seconds, for arithmetic with rates and for output.
inline double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace rollcall
