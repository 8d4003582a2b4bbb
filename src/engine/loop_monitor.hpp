#pragma once
#include <cstddef>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/clock.hpp"
#include "metrics/histogram.hpp"

namespace rollcall::engine {

// Measures how late an event loop runs its timers, from start until end: a
// loop that is late for its timers is late for its requests too. The
// monitor's own timer ticks every 10 ms; the lane's other timers (think
// times, arrivals) are samples of the same lateness, given by sample().
// While they come at least as often as the tick, the tick slows to 100 ms:
// it is only needed to cover a lull, and at a few dozen journeys a second
// its wake-ups were a fifth of the lane's sleeps, for no measure the
// lane's own timers did not already take. `end` is read at every tick: an
// interrupted run moves it.
//
// Owned by its lane and declared after the lane's io_context, so that its
// timer goes first.
class LoopMonitor {
 public:
  LoopMonitor(boost::asio::io_context& io, metrics::Histogram& lag, TimePoint start, const TimePoint& end);

  // The ticks of the start recorded apart, in `start_lag`: starting
  // thousands of users is a burst of work that steady state must not be
  // judged by. The start lasts until `all_started` is true and then a tick
  // fires on time, so that the stall a burst of new connections leaves
  // behind counts as the start's.
  void record_start_apart(metrics::Histogram& start_lag, const bool& all_started);

  // The ticks stop while `under_way` (the lane's journeys under way) is 0,
  // and wake() starts them again: an idle lane sleeps instead of waking
  // 100 times a second to measure a loop that has nothing to be late for.
  void stop_when_idle(const std::size_t& under_way);
  void wake();

  void start();

  // One of the lane's own timers, due at `due`, has just fired.
  void sample(TimePoint due);

 private:
  void arm(Clock::duration period);
  void on_tick(boost::system::error_code ec);

  metrics::Histogram& lag_;
  metrics::Histogram* start_lag_ = nullptr;
  const bool* all_started_ = nullptr;
  bool starting_ = false;
  const std::size_t* under_way_ = nullptr;
  bool asleep_ = false;
  const TimePoint& end_;
  boost::asio::steady_timer timer_;
  TimePoint expected_;
  TimePoint last_tick_;
  std::size_t samples_ = 0;  // given by the lane's timers since the last tick
};

}  // namespace rollcall::engine
