#pragma once
// The ENT's known capacity: `workers` emulated workers serve admitted
// requests in arrival order; at most `queue` requests wait for one, and the
// rest are turned away (quota page or waiting room). Single-threaded: used
// on the simulator's thread only.
#include <cstddef>
#include <deque>

#include <boost/asio/steady_timer.hpp>

namespace rollcall::sim {

class WorkerPool {
 public:
  // A request waiting for a worker: its timer waits "forever" and is
  // cancelled when a worker is handed over (granted) or the server stops.
  struct Waiter {
    boost::asio::steady_timer* timer = nullptr;
    bool granted = false;
  };

  enum class Verdict { run, wait, reject };

  WorkerPool(std::size_t workers, std::size_t queue) : workers_(workers), queue_limit_(queue) {}

  // run: a worker is the caller's now; wait: wait on the timer, then check
  // `granted`; reject: the queue is full.
  Verdict arrive(Waiter& waiter);

  // The caller's worker is free: it goes to the oldest waiter, if any.
  void release();

  std::size_t busy() const { return busy_; }
  std::size_t waiting() const { return queue_.size(); }

 private:
  std::size_t workers_;
  std::size_t queue_limit_;
  std::size_t busy_ = 0;
  std::deque<Waiter*> queue_;
};

}  // namespace rollcall::sim
