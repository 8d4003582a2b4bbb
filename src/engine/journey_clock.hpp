#pragma once
// A journey's timeline, in one place: when it was due, when its first
// request was due, and every duration read from them. The rules it keeps
// are what makes open-model latency honest (no coordinated omission):
//
//   start lag      now - intended start, read once before the flow: how
//                  late the generator woke for this arrival;
//   first request  counts its latency from when it was due (the intended
//                  start, moved by any think time before it), so a late
//                  start shows in it; every later request counts from when
//                  it is sent, as a browser's would;
//   patience       a user gives up when the journey, from its intended
//                  start, would outlast it;
//   journey time   now - intended start, for every journey whatever its
//                  end: a user who failed or gave up waited that long too.
//
// Closed-model users have no schedule: their intended start is when they
// begin the journey.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>

#include "engine/clock.hpp"

namespace rollcall::engine {

class JourneyClock {
 public:
  explicit JourneyClock(TimePoint intended_start) : intended_start_(intended_start), first_due_(intended_start) {}

  TimePoint intended_start() const { return intended_start_; }

  // µs the generator was late in starting the journey.
  std::int64_t start_lag(TimePoint now) const { return to_micros(now - intended_start_); }

  // A pause (think time, a retry's delay, a waiting room): before the first
  // request it moves when that request is due, so a leading `think:` is
  // neither latency nor lateness.
  void paused(std::chrono::nanoseconds d) {
    if (first_due_) *first_due_ += std::chrono::duration_cast<Clock::duration>(d);
  }

  // Where the latency of a request sent at `now` counts from; the first
  // call answers for the first request, every later one for a later one.
  TimePoint request_sent(TimePoint now) {
    if (!first_due_) return now;
    const TimePoint due = std::min(*first_due_, now);
    first_due_.reset();
    return due;
  }

  // Whether a user with this patience still waits `more` (none: always).
  bool within(const std::optional<std::chrono::nanoseconds>& patience, std::chrono::nanoseconds more,
              TimePoint now) const {
    return !patience || now + more - intended_start_ <= *patience;
  }

  // µs from the intended start to `now`: the journey's time.
  std::int64_t elapsed(TimePoint now) const { return to_micros(now - intended_start_); }

 private:
  TimePoint intended_start_;
  std::optional<TimePoint> first_due_;  // empty once the first request is sent
};

}  // namespace rollcall::engine
