#include "engine/loop_monitor.hpp"

namespace rollcall::engine {

namespace {
constexpr auto tick = std::chrono::milliseconds(10);
}  // namespace

LoopMonitor::LoopMonitor(boost::asio::io_context& io, metrics::Histogram& lag, TimePoint start, const TimePoint& end)
    : lag_(lag), end_(end), timer_(io), expected_(start) {}

void LoopMonitor::record_start_apart(metrics::Histogram& start_lag, const bool& all_started) {
  start_lag_ = &start_lag;
  all_started_ = &all_started;
  starting_ = true;
}

void LoopMonitor::stop_when_idle(const std::size_t& under_way) { under_way_ = &under_way; }

void LoopMonitor::start() { arm(); }

void LoopMonitor::wake() {
  if (!asleep_) return;
  const auto now = Clock::now();
  if (now >= end_) return;
  asleep_ = false;
  // Measured from now: the time asleep was not lateness.
  expected_ = now;
  arm();
}

// A plain callback chain rather than a coroutine: it runs for the whole
// test and costs one timer.
void LoopMonitor::arm() {
  expected_ += tick;
  timer_.expires_at(expected_);
  timer_.async_wait([this](boost::system::error_code ec) { on_tick(ec); });
}

void LoopMonitor::on_tick(boost::system::error_code ec) {
  if (ec) return;
  const auto now = Clock::now();
  const auto late = now - expected_;
  if (starting_) {
    start_lag_->record(to_micros(late));
    starting_ = !(*all_started_ && late < tick);
  } else {
    lag_.record(to_micros(late));
  }
  if (now >= end_) return;
  if (under_way_ && *under_way_ == 0) {
    asleep_ = true;
    return;
  }
  arm();
}

}  // namespace rollcall::engine
