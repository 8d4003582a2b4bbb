#pragma once
// Ctrl-C and SIGTERM during a run. The first stops new work and lets the
// work under way finish within the grace period, so the summary still comes;
// the second ends the process at once.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "engine/clock.hpp"

namespace rollcall::engine {

class Interrupts {
 public:
  explicit Interrupts(std::function<void()> on_first);
  ~Interrupts();
  Interrupts(const Interrupts&) = delete;
  Interrupts& operator=(const Interrupts&) = delete;

  bool fired() const noexcept { return fired_.load(std::memory_order_acquire); }
  TimePoint when() const noexcept { return when_; }

 private:
  void wait();

  boost::asio::io_context io_{1};
  boost::asio::signal_set signals_{io_, SIGINT, SIGTERM};
  std::function<void()> on_first_;
  bool seen_ = false;              // the signal thread's own: a second signal ends the process
  TimePoint when_{};                // written before fired_ is set, read after
  std::atomic<bool> fired_{false};
  std::thread thread_;
};

// A wait that Ctrl-C or SIGTERM cuts short: the pause between two steps of a
// capacity search, or the wait for --start-at's instant. For the wait's
// life the first signal ends it, not the process.
class SignalWait {
 public:
  SignalWait();
  // Sleeps until `until`; false when a signal came first (and at once on
  // every later call).
  bool sleep_until(TimePoint until);
  bool interrupted() const;

 private:
  mutable std::mutex m_;
  std::condition_variable woken_;
  bool interrupted_ = false;
  Interrupts interrupts_;  // last: it may call back into the members above as soon as it exists
};


// An interrupted run ends now: nothing new starts, and what is under way has
// the grace period to finish. Posted to the lane's own thread.
template <class L>
void end_lane_now(L* lane, std::chrono::nanoseconds grace) {
  boost::asio::post(lane->io, [lane, grace] {
    const auto now = Clock::now();
    if (now < lane->end) lane->end = now;
    lane->hard_stop = std::min(lane->hard_stop, now + grace);
    lane->stoppables.interrupt();
  });
}

}  // namespace rollcall::engine
