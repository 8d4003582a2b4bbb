#pragma once
// Statistics leave the lanes at interval boundaries (every second): each
// lane hands over what it counted in the interval and starts afresh, and the
// run's thread merges the lanes' intervals once all of them have delivered.
// The lanes never share a counter while they run; the one lock here is taken
// once per lane per interval, never per request.
//
// Sets are recycled: a lane's set merged into another's, and a merged
// interval once the run's thread has read it (recycle()), are emptied and
// handed to the next lane that delivers, so a boundary neither allocates
// nor zeroes a fresh set of histograms (megabytes for a full scenario).
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
  // delivers its late counts under the interval it is in). `stats` is left
  // empty, with the same lines and personas at least, for the next interval.
  void deliver(unsigned lane, std::size_t index, JourneyStats& stats);
  // From a lane's thread, once its loop has ended: what it counted since
  // its last boundary. It delivers nothing after this.
  void finish(unsigned lane, std::size_t index, JourneyStats stats);

  // Intervals every lane has delivered, in order, waiting until there is
  // one or every lane has finished: the caller sleeps between boundaries.
  // Empty only when every lane has finished and every interval was taken.
  std::vector<std::pair<std::size_t, JourneyStats>> take_complete();
  // Every lane finished and every interval taken.
  bool done();
  // From the run's thread: an interval it has read, for the lanes to reuse.
  void recycle(JourneyStats stats);

 private:
  void add(std::size_t index, JourneyStats stats);
  bool ready() const;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::size_t, JourneyStats> pending_;  // merged over the lanes so far
  std::vector<std::size_t> delivered_;           // per lane: intervals below this are delivered
  std::vector<JourneyStats> spare_;              // emptied sets, for the next deliveries
  unsigned finished_ = 0;
};

}  // namespace rollcall::engine
