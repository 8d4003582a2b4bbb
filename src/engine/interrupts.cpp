#include "engine/interrupts.hpp"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "common/exit_code.hpp"

namespace rollcall::engine {

Interrupts::Interrupts(std::function<void()> on_first) : on_first_(std::move(on_first)) {
  wait();
  thread_ = std::thread([this] { io_.run(); });
}

Interrupts::~Interrupts() {
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  io_.stop();
  thread_.join();
}

void Interrupts::wait() {
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    if (std::exchange(seen_, true)) {
      std::fputs("rollcall: interrupted again, stopping now\n", stderr);
      std::_Exit(exit_code::aborted);
    }
    // The time first: whoever sees fired() reads a duration that is set.
    when_ = Clock::now();
    fired_.store(true, std::memory_order_release);
    std::fputs("rollcall: interrupted: no new requests; those under way may finish (interrupt again to stop now)\n",
               stderr);
    on_first_();
    wait();
  });
}

SignalWait::SignalWait()
    : interrupts_([this] {
        std::lock_guard lock(m_);
        interrupted_ = true;
        woken_.notify_all();
      }) {}

bool SignalWait::sleep_until(TimePoint until) {
  std::unique_lock lock(m_);
  return !woken_.wait_until(lock, until, [&] { return interrupted_; });
}

bool SignalWait::interrupted() const {
  std::lock_guard lock(m_);
  return interrupted_;
}

}  // namespace rollcall::engine
