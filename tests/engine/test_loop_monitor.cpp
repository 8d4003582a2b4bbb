// The lane's loop monitor: a 10 ms tick, and the lane's own timers as
// samples of the same lateness, which slow the tick while they cover the
// loop.
#include <chrono>
#include <functional>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <catch2/catch.hpp>

#include "engine/loop_monitor.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace std::chrono_literals;

namespace {

// A lane's timer firing every `every` until `end`, each firing given to the
// monitor as a sample; counts them.
struct SamplingTimer {
  SamplingTimer(boost::asio::io_context& io, LoopMonitor& monitor, std::chrono::milliseconds every, TimePoint end)
      : timer(io), monitor(monitor), every(every), end(end) {}

  void start(TimePoint from) {
    due = from + every;
    if (due >= end) return;
    timer.expires_at(due);
    timer.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      monitor.sample(due);
      ++samples;
      start(due);
    });
  }

  boost::asio::steady_timer timer;
  LoopMonitor& monitor;
  std::chrono::milliseconds every;
  TimePoint end;
  TimePoint due{};
  std::size_t samples = 0;
};

// 400 ms of a lane whose monitor ticks beside a timer firing every 2 ms;
// `before_run` may add work to the loop before it runs.
struct SampledLane {
  SampledLane() : monitor(io, lag, start, end), lane_timer(io, monitor, 2ms, end) {}

  template <class BeforeRun>
  void run(BeforeRun before_run) {
    monitor.start();
    lane_timer.start(start);
    before_run();
    io.run();
  }

  boost::asio::io_context io;
  metrics::Histogram lag;
  const TimePoint start = Clock::now();
  const TimePoint end = start + 400ms;
  LoopMonitor monitor;
  SamplingTimer lane_timer;
};

}  // namespace

TEST_CASE("loop monitor: ticks every 10 ms while nothing else samples the loop") {
  boost::asio::io_context io;
  metrics::Histogram lag;
  const TimePoint start = Clock::now();
  const TimePoint end = start + 300ms;
  LoopMonitor monitor(io, lag, start, end);
  monitor.start();
  io.run();
  // 30 ticks on time; a slow machine only delays some of them.
  CHECK(lag.count() >= 20);
  CHECK(lag.count() <= 31);
}

TEST_CASE("loop monitor: the lane's timers are samples, and the tick slows to 100 ms while they cover the loop") {
  SampledLane lane;
  lane.run([] {});
  REQUIRE(lane.lane_timer.samples > 50);
  const auto ticks = static_cast<std::size_t>(lane.lag.count()) - lane.lane_timer.samples;
  // The first tick at 10 ms, then one every 100 ms: 4 or 5, against 40 at
  // the fast tick.
  CHECK(ticks >= 3);
  CHECK(ticks <= 8);
}

TEST_CASE("loop monitor: a sample records how late its timer fired; none after the end") {
  boost::asio::io_context io;
  metrics::Histogram lag;
  const TimePoint start = Clock::now();
  TimePoint end = start + 1h;
  LoopMonitor monitor(io, lag, start, end);
  monitor.sample(Clock::now() - 25ms);
  REQUIRE(lag.count() == 1);
  CHECK(lag.max() >= 25'000);
  CHECK(lag.max() < 1'000'000);
  end = Clock::now();
  monitor.sample(Clock::now() - 5ms);
  CHECK(lag.count() == 1);
}

TEST_CASE("loop monitor: a stall of the loop shows in the lag while the lane's timers are the samples") {
  SampledLane lane;
  // Blocks the loop for 40 ms at about 200 ms, when the tick is slow.
  boost::asio::steady_timer staller(lane.io);
  lane.run([&] {
    staller.expires_at(lane.start + 200ms);
    staller.async_wait([](boost::system::error_code) { std::this_thread::sleep_for(40ms); });
  });
  CHECK(lane.lag.max() >= 35'000);
}
