#include <boost/asio/steady_timer.hpp>

#include "engine/loop_monitor.hpp"

namespace rollcall::engine {

namespace {

constexpr auto tick = std::chrono::milliseconds(10);

// A plain callback chain rather than a coroutine: it runs for the whole test
// and costs one timer.
struct LoopMonitor {
  metrics::Histogram& lag;
  metrics::Histogram* start_lag;  // while starting
  const bool* all_started;
  bool starting;
  const TimePoint& end;
  boost::asio::steady_timer timer;
  TimePoint expected;

  void arm() {
    expected += tick;
    timer.expires_at(expected);
    timer.async_wait([this](boost::system::error_code ec) { on_tick(ec); });
  }

  void on_tick(boost::system::error_code ec) {
    if (ec) {
      delete this;
      return;
    }
    const auto now = Clock::now();
    const auto late = now - expected;
    if (starting) {
      start_lag->record(to_micros(late));
      starting = !(*all_started && late < tick);
    } else {
      lag.record(to_micros(late));
    }
    if (now >= end) {
      delete this;
      return;
    }
    arm();
  }
};

}  // namespace

void spawn_loop_monitor(boost::asio::io_context& io, metrics::Histogram& lag, TimePoint start, const TimePoint& end) {
  auto* monitor = new LoopMonitor{lag, nullptr, nullptr, false, end, boost::asio::steady_timer(io), start};
  monitor->arm();
}

void spawn_loop_monitor(boost::asio::io_context& io, metrics::Histogram& lag, metrics::Histogram& start_lag,
                        const bool& all_started, TimePoint start, const TimePoint& end) {
  auto* monitor = new LoopMonitor{lag, &start_lag, &all_started, true, end, boost::asio::steady_timer(io), start};
  monitor->arm();
}

}  // namespace rollcall::engine
