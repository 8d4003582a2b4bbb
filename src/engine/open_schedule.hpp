#pragma once
// The fixed schedule of an open workload: request k of the run is due at
// start + k / rate, whatever the server does. Each worker thread (lane) owns
// the slots k = lane, lane + lanes, lane + 2*lanes, ... so the union of all
// lanes is exactly the run's schedule and no lane needs to talk to another.
#include <cstdint>

#include "engine/clock.hpp"

namespace rollcall::engine {

class OpenSchedule {
 public:
  OpenSchedule(TimePoint start, double rate_per_s, unsigned lane, unsigned lanes)
      : start_(start), period_ns_(1e9 / rate_per_s), lane_(lane), lanes_(lanes) {}

  // When this lane's i-th slot is due.
  TimePoint due(std::uint64_t i) const {
    const double k = static_cast<double>(i) * lanes_ + lane_;
    return start_ + std::chrono::nanoseconds(static_cast<std::int64_t>(k * period_ns_));
  }

  // Hands the next slot to whichever connection is free first.
  TimePoint take() { return due(next_++); }

  std::uint64_t taken() const { return next_; }

  // How many of this lane's slots fall before `end`.
  std::uint64_t slots_before(TimePoint end) const {
    if (end <= start_) return 0;
    const double span_ns = static_cast<double>(std::chrono::nanoseconds(end - start_).count());
    const double k_end = span_ns / period_ns_;  // slots with k < k_end are due before end
    const double first = lane_;
    if (k_end <= first) return 0;
    auto n = static_cast<std::uint64_t>((k_end - first) / lanes_);
    // Rounding may leave the last slot exactly on the boundary: count it only if due before end.
    while (due(n) < end) ++n;
    while (n > 0 && due(n - 1) >= end) --n;
    return n;
  }

 private:
  TimePoint start_;
  double period_ns_;
  unsigned lane_;
  unsigned lanes_;
  std::uint64_t next_ = 0;
};

}  // namespace rollcall::engine
