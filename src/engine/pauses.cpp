#include "engine/pauses.hpp"

#include <algorithm>

namespace rollcall::engine {

namespace {
// std::push_heap keeps the largest first: the earliest end is the largest.
constexpr auto later = [](const auto& a, const auto& b) { return a.at > b.at; };
}  // namespace

Pauses::Ticket::Ticket(Pauses& pauses, TimePoint earliest, boost::asio::steady_timer& timer)
    : pauses_(pauses), slot_(pauses.enter(earliest, timer)) {}

Pauses::Ticket::~Ticket() { pauses_.leave(slot_); }

std::optional<TimePoint> Pauses::Ticket::woken() const noexcept { return pauses_.slots_[slot_].woken; }

std::uint32_t Pauses::enter(TimePoint end, boost::asio::steady_timer& timer) {
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  slots_[slot].timer = &timer;
  slots_[slot].woken.reset();
  ends_.push_back({end, slot, slots_[slot].generation});
  std::push_heap(ends_.begin(), ends_.end(), later);
  return slot;
}

void Pauses::leave(std::uint32_t slot) noexcept {
  slots_[slot].timer = nullptr;
  ++slots_[slot].generation;
  free_.push_back(slot);
}

void Pauses::wake_ended(TimePoint now) {
  while (!ends_.empty() && ends_.front().at <= now) {
    const End end = ends_.front();
    std::pop_heap(ends_.begin(), ends_.end(), later);
    ends_.pop_back();
    Slot& s = slots_[end.slot];
    if (s.generation != end.generation || !s.timer) continue;
    s.woken = now;
    s.timer->cancel();
    s.timer = nullptr;
  }
}

}  // namespace rollcall::engine
