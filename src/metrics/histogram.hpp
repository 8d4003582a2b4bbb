#pragma once
// A high-dynamic-range latency histogram with exactly HdrHistogram's bucket
// layout, so that its counts array can be written in the standard V2 encoding
// (see hlog.hpp) and read by any HdrHistogram implementation. Debian ships no
// C or C++ HdrHistogram, hence this one; docs/histograms.md explains it.
//
// Not thread-safe: the engine keeps one histogram per worker and merges them.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rollcall::metrics {

class Histogram {
 public:
  // Defaults: 1 µs .. 1 h (3'600'000'000 µs), 3 significant figures.
  // Throws std::invalid_argument unless lowest_discernible >= 1,
  // highest_trackable >= 2 * lowest_discernible and 0 <= significant_figures <= 5.
  explicit Histogram(std::int64_t lowest_discernible = 1,
                     std::int64_t highest_trackable = 3'600'000'000,
                     int significant_figures = 3);

  // Negative values are recorded as 0 (a clock that stepped back is not a
  // reason to lose a sample). Values above highest_trackable() land in the top
  // bucket and are counted by overflow_count(); min() and max() stay exact.
  void record(std::int64_t value) noexcept { record_n(value, 1); }
  void record_n(std::int64_t value, std::int64_t count) noexcept;

  // Exact: the result is the histogram of the union of both inputs.
  // Throws std::invalid_argument unless both were built with the same
  // lowest_discernible, highest_trackable and significant_figures.
  void merge(const Histogram& other);
  void reset() noexcept;

  std::int64_t count() const noexcept { return total_count_; }
  std::int64_t overflow_count() const noexcept { return overflow_count_; }
  std::int64_t min() const noexcept { return total_count_ == 0 ? 0 : min_; }
  std::int64_t max() const noexcept { return total_count_ == 0 ? 0 : max_; }
  // From the bucket midpoints, as HdrHistogram computes them: within the
  // histogram's precision of the exact figures, and stable across encoding.
  double mean() const noexcept;
  double stddev() const noexcept;
  // p in [0,100]. 0 if empty; p <= 0 gives min(), p >= 100 gives max();
  // otherwise the highest value equivalent to the bucket holding the p-th
  // percentile sample, capped at max().
  std::int64_t percentile(double p) const noexcept;

  // Layout and raw counts, for encoders and for tests.
  std::int64_t lowest_discernible() const noexcept { return lowest_discernible_; }
  std::int64_t highest_trackable() const noexcept { return highest_trackable_; }
  int significant_figures() const noexcept { return significant_figures_; }
  std::size_t counts_length() const noexcept { return counts_.size(); }
  // The indexes that may hold a count: [filled_begin(), filled_end()), empty
  // when nothing was recorded. Every walk over the counts (merge, reset,
  // percentiles, encoders) stays inside it, so an empty histogram costs
  // nothing however wide its layout (23,552 counts by default).
  std::size_t filled_begin() const noexcept { return total_count_ == 0 ? 0 : lowest_index_; }
  std::size_t filled_end() const noexcept { return total_count_ == 0 ? 0 : highest_index_ + 1; }
  std::int64_t count_at_index(std::size_t i) const noexcept {
    return i < counts_.size() ? counts_[i] : 0;
  }
  // Lowest value that lands at index i.
  std::int64_t value_at_index(std::size_t i) const noexcept;
  std::int64_t lowest_equivalent(std::int64_t v) const noexcept;
  // Highest value sharing v's bucket (saturates at INT64_MAX).
  std::int64_t highest_equivalent(std::int64_t v) const noexcept;
  // Index that v is counted at, for v in [0, highest_trackable()].
  std::size_t index_of(std::int64_t v) const noexcept {
    const auto u = static_cast<std::uint64_t>(v);
    const int bucket = leading_zero_count_base_ - std::countl_zero(u | sub_bucket_mask_);
    const auto sub_bucket = static_cast<std::int64_t>(u >> (bucket + unit_magnitude_));
    return static_cast<std::size_t>((std::int64_t{bucket + 1} << sub_bucket_half_count_magnitude_) +
                                    sub_bucket - sub_bucket_half_count_);
  }
  // Adds count samples at index i, as if recorded at that bucket's lowest
  // value; min() and max() become the bucket bounds. Used by the decoder.
  // Throws std::out_of_range for a bad index, std::invalid_argument for a
  // negative count and std::overflow_error if the total would overflow.
  void add_at_index(std::size_t i, std::int64_t count);

 private:
  std::int64_t median_equivalent(std::int64_t v) const noexcept;
  int bucket_index(std::int64_t v) const noexcept;

  std::int64_t lowest_discernible_;
  std::int64_t highest_trackable_;
  int significant_figures_;
  int unit_magnitude_ = 0;
  int sub_bucket_half_count_magnitude_ = 0;
  std::int64_t sub_bucket_half_count_ = 0;
  std::uint64_t sub_bucket_mask_ = 0;
  int leading_zero_count_base_ = 0;

  std::vector<std::int64_t> counts_;
  std::int64_t total_count_ = 0;
  std::int64_t overflow_count_ = 0;
  std::int64_t min_ = INT64_MAX;
  std::int64_t max_ = 0;
  // Bounds of the counts that were ever added to since the last reset;
  // meaningful only when total_count_ > 0.
  std::size_t lowest_index_ = SIZE_MAX;
  std::size_t highest_index_ = 0;
};

// Kept in the header so that the engine's hot loop inlines it. Branch-free
// apart from the count guard: clamps become conditional moves.
inline void Histogram::record_n(std::int64_t value, std::int64_t count) noexcept {
  if (count <= 0) return;
  const std::int64_t v = std::max<std::int64_t>(value, 0);
  const std::size_t i = index_of(std::min(v, highest_trackable_));
  counts_[i] += count;
  lowest_index_ = std::min(lowest_index_, i);
  highest_index_ = std::max(highest_index_, i);
  total_count_ += count;
  overflow_count_ += v > highest_trackable_ ? count : 0;
  min_ = std::min(min_, v);
  max_ = std::max(max_, v);
}

}  // namespace rollcall::metrics
