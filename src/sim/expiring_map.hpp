#pragma once
// A map whose entries expire after a fixed lifetime and whose size is capped,
// so the simulator's tokens, tickets and sessions stay bounded however long
// it runs. Single-threaded: used on the simulator's own thread only.
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace rollcall::sim {

template <class Value>
class ExpiringMap {
 public:
  using Clock = std::chrono::steady_clock;

  ExpiringMap(Clock::duration ttl, std::size_t max_entries) : ttl_(ttl), max_entries_(max_entries) {}

  void put(std::string key, Value value, Clock::time_point now) {
    sweep(now);
    auto expires = now + ttl_;
    order_.emplace_back(expires, key);
    map_.insert_or_assign(std::move(key), Entry{std::move(value), expires});
    // Over the cap, the oldest entries go first, as a session cap would.
    while (map_.size() > max_entries_ || order_.size() > 2 * max_entries_ + 16) drop_oldest();
  }

  // Removes and returns a live entry: for one-time tokens and tickets.
  std::optional<Value> take(std::string_view key, Clock::time_point now) {
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    bool live = it->second.expires > now;
    std::optional<Value> out;
    if (live) out = std::move(it->second.value);
    map_.erase(it);
    return out;
  }

  const Value* find(std::string_view key, Clock::time_point now) const {
    auto it = map_.find(key);
    if (it == map_.end() || it->second.expires <= now) return nullptr;
    return &it->second.value;
  }

  void erase(std::string_view key) {
    auto it = map_.find(key);
    if (it != map_.end()) map_.erase(it);
  }

  std::size_t size() const { return map_.size(); }

 private:
  struct Entry {
    Value value;
    Clock::time_point expires;
  };

  // Entries are put with a constant lifetime, so insertion order is expiry
  // order: expired entries are all at the front of order_.
  void sweep(Clock::time_point now) {
    while (!order_.empty() && order_.front().first <= now) drop_oldest();
  }

  void drop_oldest() {
    auto& [expires, key] = order_.front();
    auto it = map_.find(key);
    // The key may have been taken already, or put again later (then it has a
    // later expiry and stays).
    if (it != map_.end() && it->second.expires == expires) map_.erase(it);
    order_.pop_front();
  }

  // Lookups by string_view without building a std::string.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  Clock::duration ttl_;
  std::size_t max_entries_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> map_;
  std::deque<std::pair<Clock::time_point, std::string>> order_;
};

}  // namespace rollcall::sim
