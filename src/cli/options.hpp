#pragma once
// Validation of option values shared by every command.
#include <chrono>
#include <string>

namespace rollcall::cli {

// Parses a duration given to `flag`; throws UsageError naming the flag and
// the expected form when it is not a positive duration.
std::chrono::nanoseconds positive_duration(const std::string& flag, const std::string& text);

// The same, zero allowed (0s).
std::chrono::nanoseconds non_negative_duration(const std::string& flag, const std::string& text);

}  // namespace rollcall::cli
