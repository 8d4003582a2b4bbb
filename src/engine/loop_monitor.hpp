#pragma once
#include <cstddef>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/clock.hpp"
#include "metrics/histogram.hpp"

namespace rollcall::engine {

// Measures how late an event loop runs a 10 ms tick, from start until end:
// a loop that is late for its timers is late for its requests too.
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

 private:
  void arm();
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
};

}  // namespace rollcall::engine
