#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include "engine/loop_monitor.hpp"

using namespace rollcall::engine;

TEST_CASE("the lane's own timers measure the loop lag, and a tick they fed records nothing") {
  boost::asio::io_context io;
  rollcall::metrics::Histogram lag;
  const TimePoint start = Clock::now();
  const TimePoint end = start + std::chrono::seconds(10);
  LoopMonitor monitor(io, lag, start, end);
  monitor.start();

  // A think timer due 5 ms ago ran now: 5 ms of lag.
  const TimePoint now = Clock::now();
  monitor.timer_fired(now - std::chrono::milliseconds(5), now);
  REQUIRE(lag.count() == 1);
  CHECK(lag.max() >= 4'990);
  CHECK(lag.max() <= 5'010);
  // On time, or a timer that reports before it was due, is no lag.
  monitor.timer_fired(now + std::chrono::milliseconds(1), now);
  CHECK(lag.count() == 2);
  CHECK(lag.min() == 0);

  // The first tick (10 ms) finds the measure fed: it records nothing and
  // waits 100 ms.
  io.run_for(std::chrono::milliseconds(60));
  CHECK(lag.count() == 2);

  // Unfed, the tick measures again, every 10 ms.
  io.run_for(std::chrono::milliseconds(300));
  CHECK(lag.count() >= 4);
}
