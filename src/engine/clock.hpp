#pragma once
#include <chrono>

namespace rollcall::engine {

// Monotonic time for schedules and latencies; never the wall clock.
using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

inline std::int64_t to_micros(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

}  // namespace rollcall::engine
