#pragma once
// --max-rate for closed models: users start journeys as soon as their last
// one ends, so the curve cannot cap them; this does, per lane. Each lane
// gets max_rate / lanes and spaces its journey starts by at least the
// inverse: a user that would start sooner waits until its turn. With every
// lane under its part, the run is under the cap. One double of state, no
// lock, no allocation: called once per journey start.
#include <algorithm>

namespace rollcall::engine {

class StartPacer {
 public:
  // max_rate <= 0: no cap (every start is allowed at once).
  StartPacer(double max_rate, unsigned lanes) : gap_(max_rate > 0 ? std::max(lanes, 1u) / max_rate : 0) {}

  // When a journey wanting to start at `now` (s from the run's start) may
  // start; takes that turn.
  double start(double now) {
    const double at = std::max(now, next_);
    next_ = at + gap_;
    return at;
  }

 private:
  double gap_;
  double next_ = 0;
};

}  // namespace rollcall::engine
