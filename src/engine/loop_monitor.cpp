#include "engine/loop_monitor.hpp"

#include <utility>

namespace rollcall::engine {

namespace {
constexpr auto tick = std::chrono::milliseconds(10);
// While the lane's own timers keep the measure fed.
constexpr auto fed_tick = std::chrono::milliseconds(100);
}  // namespace

LoopMonitor::LoopMonitor(boost::asio::io_context& io, metrics::Histogram& lag, TimePoint start, const TimePoint& end)
    : lag_(lag), end_(end), timer_(io), expected_(start) {}

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
  fed_ = false;
  arm(tick);
}

void LoopMonitor::timer_fired(TimePoint due, TimePoint now) {
  if (asleep_ || now >= end_) return;
  fed_ = true;
  sample(now > due ? now - due : Clock::duration::zero());
}

void LoopMonitor::sample(Clock::duration late) {
  if (starting_) {
    start_lag_->record(to_micros(late));
    starting_ = !(*all_started_ && late < tick);
  } else {
    lag_.record(to_micros(late));
  }
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
  // The lane's timers measured this period: no sample of the tick's own,
  // and the next tick later (from now: the tick's own lateness is not
  // carried into the next period's expectation).
  const bool fed = std::exchange(fed_, false);
  if (!fed) sample(now - expected_);
  if (now >= end_) return;
  if (under_way_ && *under_way_ == 0) {
    asleep_ = true;
    return;
  }
  if (fed) expected_ = now;
  arm(fed ? Clock::duration(fed_tick) : Clock::duration(tick));
}

}  // namespace rollcall::engine
