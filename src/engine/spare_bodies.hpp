#pragma once
// Request bodies' storage, lent to the requests being built, one pool per
// lane. A homework upload renders a body of 100 KiB or more at every
// attempt; freeing a block that large makes glibc consolidate all its
// small free lists, at every upload. Only the lane's thread touches its
// pool: no lock.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace rollcall::engine {

class SpareBodies {
 public:
  // A body that once grew past this is freed rather than kept: an idle
  // lane holds at most max_count * max_kept bytes.
  static constexpr std::size_t max_kept = 1024 * 1024;
  static constexpr std::size_t max_count = 64;

  // An empty string, with capacity if one was given back earlier.
  std::string take() {
    if (free_.empty()) return {};
    std::string s = std::move(free_.back());
    free_.pop_back();
    return s;
  }

  // Only storage worth keeping is kept: small bodies cost glibc nothing.
  void give_back(std::string&& s) {
    if (s.capacity() < min_kept || s.capacity() > max_kept || free_.size() >= max_count) return;
    s.clear();
    free_.push_back(std::move(s));
  }

  std::size_t idle() const noexcept { return free_.size(); }

 private:
  static constexpr std::size_t min_kept = 4 * 1024;
  std::vector<std::string> free_;
};

}  // namespace rollcall::engine
