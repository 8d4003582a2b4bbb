#pragma once
// Statistics leave the lanes at interval boundaries (every second): each
// lane hands over what it counted in the interval and starts afresh, and the
// run's thread merges the lanes' intervals once all of them have delivered.
// The lanes never share a counter while they run; the one lock here is taken
// once per lane per interval, never per request.
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "engine/clock.hpp"
#include "engine/journey_stats.hpp"

namespace rollcall::engine {

class IntervalExchange {
 public:
  explicit IntervalExchange(unsigned lanes) : delivered_(lanes, 0) {}

  // From a lane's thread: what it counted in interval `index` (an interval
  // is delivered once; a lane that fell behind by more than an interval
  // delivers its late counts under the interval it is in).
  void deliver(unsigned lane, std::size_t index, JourneyStats stats);
  // From a lane's thread, once its loop has ended: what it counted since
  // its last boundary. It delivers nothing after this.
  void finish(unsigned lane, std::size_t index, JourneyStats stats);

  // Intervals every lane has delivered, in order, waiting until there is
  // one or until `deadline`. Empty when none is ready yet.
  std::vector<std::pair<std::size_t, JourneyStats>> take_complete(TimePoint deadline);
  // Every lane finished and every interval taken.
  bool done();

 private:
  void add(std::size_t index, JourneyStats stats);
  bool ready() const;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::size_t, JourneyStats> pending_;  // merged over the lanes so far
  std::vector<std::size_t> delivered_;           // per lane: intervals below this are delivered
  unsigned finished_ = 0;
};

}  // namespace rollcall::engine
