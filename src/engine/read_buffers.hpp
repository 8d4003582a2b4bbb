#pragma once
// Read buffers lent to virtual users' connections while a response is being
// read, one pool per lane. An idle keep-alive connection then holds no
// buffer: with 15,000 users each parked on one, a 16 KiB buffer apiece
// would be 240 MB. Only the lane's thread touches its pool: no lock.
#include <cstddef>
#include <vector>

#include <boost/beast/core/flat_buffer.hpp>

namespace rollcall::engine {

class ReadBuffers {
 public:
  // A buffer that once grew past this (a large download) is freed rather
  // than kept for everyone.
  static constexpr std::size_t max_kept = 128 * 1024;

  // An empty buffer, with capacity if one was given back earlier.
  boost::beast::flat_buffer take() {
    if (free_.empty()) return {};
    boost::beast::flat_buffer b = std::move(free_.back());
    free_.pop_back();
    return b;
  }

  // Only empty buffers come back: bytes already read belong to the
  // connection that read them.
  void give_back(boost::beast::flat_buffer& b) {
    if (b.size() != 0) return;
    if (b.capacity() > 0 && b.capacity() <= max_kept) free_.push_back(std::move(b));
    b = boost::beast::flat_buffer();
  }

  std::size_t idle() const noexcept { return free_.size(); }

 private:
  // Grows to the most responses this lane read at once, then stays.
  std::vector<boost::beast::flat_buffer> free_;
};

}  // namespace rollcall::engine
