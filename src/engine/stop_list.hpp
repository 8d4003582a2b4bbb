#pragma once
// What on a lane waits for a time fixed before an interrupt could move it:
// exchange watchdogs, think times, arrival and pacing timers. Ctrl-C moves
// the lane's end to now and its hard stop to now + --grace; the lane then
// tells each waiter here, so that a 30 s think time or a 60 s request
// timeout armed earlier does not outlast the grace period.
//
// An intrusive list: joining and leaving cost two pointer writes and no
// allocation, and only the lane's thread touches it.
namespace rollcall::engine {

class StopList;

class Stoppable {
 public:
  Stoppable() = default;
  Stoppable(const Stoppable&) = delete;
  Stoppable& operator=(const Stoppable&) = delete;
  // Called on the lane's thread once its end and hard stop have moved.
  virtual void on_interrupt() = 0;

 protected:
  ~Stoppable();

 private:
  friend class StopList;
  StopList* list_ = nullptr;
  Stoppable* prev_ = nullptr;
  Stoppable* next_ = nullptr;
};

class StopList {
 public:
  void join(Stoppable& s) noexcept {
    if (s.list_) return;
    s.list_ = this;
    s.prev_ = nullptr;
    s.next_ = head_;
    if (head_) head_->prev_ = &s;
    head_ = &s;
  }

  void leave(Stoppable& s) noexcept {
    if (s.list_ != this) return;
    if (s.prev_) s.prev_->next_ = s.next_; else head_ = s.next_;
    if (s.next_) s.next_->prev_ = s.prev_;
    s.list_ = nullptr;
    s.prev_ = s.next_ = nullptr;
  }

  // Waiters only cancel or re-arm timers here (Asio never runs a handler
  // from inside cancel), so none leaves the list while it is walked.
  void interrupt() {
    for (Stoppable* s = head_; s; s = s->next_) s->on_interrupt();
  }

  bool empty() const noexcept { return head_ == nullptr; }

 private:
  Stoppable* head_ = nullptr;
};

inline Stoppable::~Stoppable() {
  if (list_) list_->leave(*this);
}

// A timer wait that an interrupt cuts short: the waiting code wakes with
// the timer cancelled and looks at the lane's end and hard stop again.
// Lives on the waiting coroutine's frame for the length of the wait.
template <class Timer>
class InterruptibleWait final : public Stoppable {
 public:
  InterruptibleWait(StopList& list, Timer& timer) : timer_(timer) { list.join(*this); }
  void on_interrupt() override { timer_.cancel(); }

 private:
  Timer& timer_;
};

}  // namespace rollcall::engine
