#pragma once
// The lane's users pausing: think times, a retry's delay, the waits a
// server asked for. A pause ends within a window around its time, at the
// first moment in it when the lane is awake anyway. At a few dozen
// journeys a second the lane sleeps between almost every two events, and
// waking it costs more than the work it wakes for (docs/performance.md:
// with think times ending this way, the generator took 0.93 of its CPU
// per journey at 30 journeys/s); a think time a few milliseconds off is
// still the pause a person takes. The window, window(): as wide as a tenth
// of the pause, 20 ms at most (slack()); a user's own pause may end up to
// half of it early or late, so that pauses last as drawn on average; a
// wait the server asked for never ends early. Latencies are not touched:
// they count from when a request is sent, or for a first request from when
// it was due, which the actual pause moves.
//
// A pausing user's timer is set at the window's end; when the lane has
// just woken for something else (an answer read, a connection made, an
// arrival, another pause's timer), wake_ended() cancels the timers of the
// pauses whose window has opened, and their users resume in that wake-up.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "engine/clock.hpp"

namespace rollcall::engine {

class Pauses {
 public:
  static constexpr Clock::duration most_slack = std::chrono::milliseconds(20);

  // How wide the window of a pause of this length is.
  static Clock::duration slack(Clock::duration pause) noexcept { return std::min(pause / 10, most_slack); }

  // When a pause of this length may end, from its start.
  struct Window {
    Clock::duration earliest;
    Clock::duration latest;
  };
  static Window window(Clock::duration pause, bool asked_by_server) noexcept {
    const auto s = slack(pause);
    if (asked_by_server) return {pause, pause + s};
    return {pause - s / 2, pause + (s - s / 2)};
  }

  // A pause under way, from its construction to its destruction: while it
  // lasts, wake_ended() may cancel `timer` once `earliest` has passed.
  class Ticket {
   public:
    Ticket(Pauses& pauses, TimePoint earliest, boost::asio::steady_timer& timer);
    ~Ticket();
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;

    // When wake_ended() woke this pause (cancelled its timer), that moment.
    std::optional<TimePoint> woken() const noexcept;

   private:
    Pauses& pauses_;
    std::uint32_t slot_;
  };

  // The lane is awake at `now`: the pauses whose window is open end now.
  void wake_ended(TimePoint now);

  // Pauses under way.
  std::size_t under_way() const noexcept { return slots_.size() - free_.size(); }

 private:
  struct Slot {
    boost::asio::steady_timer* timer = nullptr;  // null once woken, or free
    std::uint32_t generation = 0;                // moves on when the slot is freed
    std::optional<TimePoint> woken;
  };
  // When a pause may end, in a heap ordered by it. A pause that ended by its own
  // timer leaves its entry behind, found stale by its generation when it
  // comes up: no search on the way out.
  struct End {
    TimePoint at;
    std::uint32_t slot;
    std::uint32_t generation;
  };

  std::uint32_t enter(TimePoint end, boost::asio::steady_timer& timer);
  void leave(std::uint32_t slot) noexcept;

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::vector<End> ends_;
};

}  // namespace rollcall::engine
