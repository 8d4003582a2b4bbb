#include "engine/intervals.hpp"

#include <algorithm>
#include <limits>

namespace rollcall::engine {

void IntervalExchange::add(std::size_t index, JourneyStats stats) {
  auto it = pending_.find(index);
  if (it == pending_.end()) {
    pending_.emplace(index, std::move(stats));
  } else {
    it->second.merge(stats);
    stats.reset();
    spare_.push_back(std::move(stats));
  }
}

void IntervalExchange::deliver(unsigned lane, std::size_t index, JourneyStats& stats) {
  {
    std::lock_guard lock(mutex_);
    add(index, std::move(stats));
    delivered_[lane] = std::max(delivered_[lane], index + 1);
    // The interval just delivered holds every line this lane had, and
    // perhaps others': lines other lanes have will be in the next merged
    // interval anyway, so an extra empty line changes nothing.
    const JourneyStats& shape = pending_.at(index);
    if (spare_.empty()) {
      stats = JourneyStats::like(shape);  // only until the first sets come back
    } else {
      stats = std::move(spare_.back());
      spare_.pop_back();
      stats.add_lines_of(shape);
    }
  }
  changed_.notify_one();
}

void IntervalExchange::finish(unsigned lane, std::size_t index, JourneyStats stats) {
  {
    std::lock_guard lock(mutex_);
    add(index, std::move(stats));
    delivered_[lane] = std::numeric_limits<std::size_t>::max();
    ++finished_;
  }
  changed_.notify_one();
}

void IntervalExchange::recycle(JourneyStats stats) {
  stats.reset();  // outside the lock: the lanes never wait for it
  std::lock_guard lock(mutex_);
  // Enough for every lane's next boundary; more would only hold memory.
  if (spare_.size() < delivered_.size() + 1) spare_.push_back(std::move(stats));
}

bool IntervalExchange::ready() const {
  if (pending_.empty()) return false;
  const std::size_t complete = *std::min_element(delivered_.begin(), delivered_.end());
  return pending_.begin()->first < complete;
}

std::vector<std::pair<std::size_t, JourneyStats>> IntervalExchange::take_complete() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return ready() || finished_ == delivered_.size(); });
  std::vector<std::pair<std::size_t, JourneyStats>> out;
  const std::size_t complete = *std::min_element(delivered_.begin(), delivered_.end());
  while (!pending_.empty() && pending_.begin()->first < complete) {
    auto node = pending_.extract(pending_.begin());
    out.emplace_back(node.key(), std::move(node.mapped()));
  }
  return out;
}

bool IntervalExchange::done() {
  std::lock_guard lock(mutex_);
  return finished_ == delivered_.size() && pending_.empty();
}

}  // namespace rollcall::engine
