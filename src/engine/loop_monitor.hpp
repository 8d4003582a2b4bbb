#pragma once
#include <cstddef>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/clock.hpp"
#include "metrics/histogram.hpp"

namespace rollcall::engine {

// Measures how late an event loop runs its timers, from start until end: a
// loop that is late for its timers is late for its requests too. The
// lane's own timers (arrivals, think times) report their lateness through
// timer_fired(); a 10 ms tick fills the gaps they leave. A tick that finds
// that the lane's timers fired since the last one records nothing and
// waits 100 ms: on a busy lane the measure then costs no wake-ups of its
// own (it was 100 a second, 40% of a lane's wake-ups at 20 logins/s).
// `end` is read at every tick: an interrupted run moves it.
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

  // One of the lane's timers, due at `due`, ran at `now`.
  void timer_fired(TimePoint due, TimePoint now);

 private:
  void arm(Clock::duration period);
  void sample(Clock::duration late);
  void on_tick(boost::system::error_code ec);

  metrics::Histogram& lag_;
  metrics::Histogram* start_lag_ = nullptr;
  const bool* all_started_ = nullptr;
  bool starting_ = false;
  const std::size_t* under_way_ = nullptr;
  bool asleep_ = false;
  bool fed_ = false;  // the lane's timers gave a sample since the last tick
  const TimePoint& end_;
  boost::asio::steady_timer timer_;
  TimePoint expected_;
};

}  // namespace rollcall::engine
