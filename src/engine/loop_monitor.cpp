#include "engine/loop_monitor.hpp"

namespace rollcall::engine {

namespace {
constexpr auto tick = std::chrono::milliseconds(10);
constexpr auto slow_tick = std::chrono::milliseconds(100);  // while the lane's timers sample the loop
}  // namespace

LoopMonitor::LoopMonitor(boost::asio::io_context& io, metrics::Histogram& lag, TimePoint start, const TimePoint& end)
    : lag_(lag), end_(end), timer_(io), expected_(start), last_tick_(start) {}

void LoopMonitor::record_start_apart(metrics::Histogram& start_lag, const bool& all_started) {
  start_lag_ = &start_lag;
  all_started_ = &all_started;
  starting_ = true;
}

void LoopMonitor::stop_when_idle(const std::size_t& under_way) { under_way_ = &under_way; }

void LoopMonitor::start() { arm(tick); }

void LoopMonitor::wake() {
  if (!asleep_) return;
  const auto now = Clock::now();
  if (now >= end_) return;
  asleep_ = false;
  // Measured from now: the time asleep was not lateness.
  expected_ = now;
  last_tick_ = now;
  samples_ = 0;
  arm(tick);
}

void LoopMonitor::sample(TimePoint due) {
  const auto now = Clock::now();
  if (now >= end_) return;  // as the ticks: from start until end
  const auto late = std::max(now - due, Clock::duration::zero());
  (starting_ ? *start_lag_ : lag_).record(to_micros(late));
  ++samples_;
}

// A plain callback chain rather than a coroutine: it runs for the whole
// test and costs one timer.
void LoopMonitor::arm(Clock::duration period) {
  expected_ += period;
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
  // The lane's timers fired at least once a tick since the last one: they
  // sample the loop, and the tick has only a lull to cover.
  const bool sampled = samples_ > 0 && samples_ * tick >= now - last_tick_;
  last_tick_ = now;
  samples_ = 0;
  arm(sampled ? slow_tick : tick);
}

}  // namespace rollcall::engine
