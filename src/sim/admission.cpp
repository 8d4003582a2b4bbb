#include "sim/admission.hpp"

namespace rollcall::sim {

WorkerPool::Verdict WorkerPool::arrive(Waiter& waiter) {
  if (busy_ < workers_) {
    ++busy_;
    return Verdict::run;
  }
  if (queue_.size() >= queue_limit_) return Verdict::reject;
  queue_.push_back(&waiter);
  return Verdict::wait;
}

void WorkerPool::release() {
  if (queue_.empty()) {
    --busy_;
    return;
  }
  // The worker passes straight to the next request: busy_ is unchanged.
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->granted = true;
  next->timer->cancel();
}

}  // namespace rollcall::sim
