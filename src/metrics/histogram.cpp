#include "metrics/histogram.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace rollcall::metrics {

namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

// Integer logarithms instead of HdrHistogram's Math.log ratios: same results
// for every valid input, without floating-point rounding at exact powers of two.
int floor_log2(std::uint64_t v) { return 63 - std::countl_zero(v); }
int ceil_log2(std::uint64_t v) { return v <= 1 ? 0 : std::bit_width(v - 1); }

std::int64_t pow10(int n) {
  std::int64_t r = 1;
  while (n-- > 0) r *= 10;
  return r;
}

void validate(std::int64_t lowest, std::int64_t highest, int significant_figures) {
  if (lowest < 1) {
    throw std::invalid_argument(fmt::format("histogram: lowest_discernible must be >= 1, got {}", lowest));
  }
  if (highest / 2 < lowest) {
    throw std::invalid_argument(fmt::format(
        "histogram: highest_trackable ({}) must be >= 2 * lowest_discernible ({})", highest, lowest));
  }
  if (significant_figures < 0 || significant_figures > 5) {
    throw std::invalid_argument(
        fmt::format("histogram: significant_figures must be in [0, 5], got {}", significant_figures));
  }
}

// HdrHistogram's getBucketsNeededToCoverValue: enough buckets that the last
// one still holds `highest`.
int buckets_needed(std::int64_t highest, std::int64_t sub_bucket_count, int unit_magnitude) {
  std::int64_t smallest_untrackable = sub_bucket_count << unit_magnitude;
  int buckets = 1;
  while (smallest_untrackable <= highest) {
    if (smallest_untrackable > kInt64Max / 2) return buckets + 1;
    smallest_untrackable <<= 1;
    ++buckets;
  }
  return buckets;
}

std::int64_t saturating_u64(std::uint64_t v) {
  return v > static_cast<std::uint64_t>(kInt64Max) ? kInt64Max : static_cast<std::int64_t>(v);
}

}  // namespace

Histogram::Histogram(std::int64_t lowest_discernible, std::int64_t highest_trackable,
                     int significant_figures)
    : lowest_discernible_(lowest_discernible),
      highest_trackable_(highest_trackable),
      significant_figures_(significant_figures) {
  validate(lowest_discernible, highest_trackable, significant_figures);
  unit_magnitude_ = floor_log2(static_cast<std::uint64_t>(lowest_discernible));
  const int sub_bucket_count_magnitude =
      ceil_log2(static_cast<std::uint64_t>(2 * pow10(significant_figures)));
  sub_bucket_half_count_magnitude_ = std::max(sub_bucket_count_magnitude, 1) - 1;
  // Beyond this the sub-bucket mask no longer fits in a signed 64-bit value.
  if (unit_magnitude_ + sub_bucket_half_count_magnitude_ > 61) {
    throw std::invalid_argument(fmt::format(
        "histogram: lowest_discernible {} is too large for {} significant figures",
        lowest_discernible, significant_figures));
  }
  sub_bucket_half_count_ = std::int64_t{1} << sub_bucket_half_count_magnitude_;
  const std::int64_t sub_bucket_count = 2 * sub_bucket_half_count_;
  sub_bucket_mask_ = static_cast<std::uint64_t>(sub_bucket_count - 1) << unit_magnitude_;
  leading_zero_count_base_ = 64 - unit_magnitude_ - sub_bucket_half_count_magnitude_ - 1;
  const int buckets = buckets_needed(highest_trackable, sub_bucket_count, unit_magnitude_);
  counts_.assign(static_cast<std::size_t>((buckets + 1) * sub_bucket_half_count_), 0);
}

void Histogram::merge(const Histogram& other) {
  if (lowest_discernible_ != other.lowest_discernible_ ||
      highest_trackable_ != other.highest_trackable_ ||
      significant_figures_ != other.significant_figures_) {
    throw std::invalid_argument(fmt::format(
        "histogram: cannot merge layout ({}, {}, {} figures) into ({}, {}, {} figures)",
        other.lowest_discernible_, other.highest_trackable_, other.significant_figures_,
        lowest_discernible_, highest_trackable_, significant_figures_));
  }
  if (other.total_count_ == 0) return;
  for (std::size_t i = other.lowest_index_; i <= other.highest_index_; ++i) counts_[i] += other.counts_[i];
  lowest_index_ = std::min(lowest_index_, other.lowest_index_);
  highest_index_ = std::max(highest_index_, other.highest_index_);
  total_count_ += other.total_count_;
  overflow_count_ += other.overflow_count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void Histogram::reset() noexcept {
  if (total_count_ != 0)
    std::fill(counts_.begin() + static_cast<std::ptrdiff_t>(lowest_index_),
              counts_.begin() + static_cast<std::ptrdiff_t>(highest_index_) + 1, 0);
  lowest_index_ = SIZE_MAX;
  highest_index_ = 0;
  total_count_ = 0;
  overflow_count_ = 0;
  min_ = kInt64Max;
  max_ = 0;
}

int Histogram::bucket_index(std::int64_t v) const noexcept {
  const auto u = static_cast<std::uint64_t>(std::max<std::int64_t>(v, 0));
  return leading_zero_count_base_ - std::countl_zero(u | sub_bucket_mask_);
}

std::int64_t Histogram::value_at_index(std::size_t i) const noexcept {
  auto bucket = static_cast<std::int64_t>(i >> sub_bucket_half_count_magnitude_) - 1;
  auto sub_bucket = static_cast<std::int64_t>(i & static_cast<std::size_t>(sub_bucket_half_count_ - 1)) +
                    sub_bucket_half_count_;
  if (bucket < 0) {
    sub_bucket -= sub_bucket_half_count_;
    bucket = 0;
  }
  const std::int64_t shift = bucket + unit_magnitude_;
  // Only indexes past the end of the counts array can get here.
  if (shift + sub_bucket_half_count_magnitude_ + 1 > 63) return kInt64Max;
  return sub_bucket << shift;
}

std::int64_t Histogram::lowest_equivalent(std::int64_t v) const noexcept {
  const int shift = bucket_index(v) + unit_magnitude_;
  return (std::max<std::int64_t>(v, 0) >> shift) << shift;
}

std::int64_t Histogram::highest_equivalent(std::int64_t v) const noexcept {
  const std::uint64_t size = std::uint64_t{1} << (bucket_index(v) + unit_magnitude_);
  return saturating_u64(static_cast<std::uint64_t>(lowest_equivalent(v)) + size - 1);
}

std::int64_t Histogram::median_equivalent(std::int64_t v) const noexcept {
  const std::uint64_t size = std::uint64_t{1} << (bucket_index(v) + unit_magnitude_);
  return saturating_u64(static_cast<std::uint64_t>(lowest_equivalent(v)) + size / 2);
}

double Histogram::mean() const noexcept {
  if (total_count_ == 0) return 0.0;
  double sum = 0.0;
  for (std::size_t i = lowest_index_; i <= highest_index_; ++i) {
    if (counts_[i] != 0) {
      sum += static_cast<double>(median_equivalent(value_at_index(i))) * static_cast<double>(counts_[i]);
    }
  }
  return sum / static_cast<double>(total_count_);
}

double Histogram::stddev() const noexcept {
  if (total_count_ == 0) return 0.0;
  const double m = mean();
  double sum_sq = 0.0;
  for (std::size_t i = lowest_index_; i <= highest_index_; ++i) {
    if (counts_[i] != 0) {
      const double d = static_cast<double>(median_equivalent(value_at_index(i))) - m;
      sum_sq += d * d * static_cast<double>(counts_[i]);
    }
  }
  return std::sqrt(sum_sq / static_cast<double>(total_count_));
}

std::int64_t Histogram::percentile(double p) const noexcept {
  if (total_count_ == 0) return 0;
  if (!(p > 0.0)) return min();  // also NaN
  if (p >= 100.0) return max();
  // As HdrHistogram: one ulp off so that p * count / 100 landing exactly on an
  // integer does not round up into the next bucket.
  const double requested = std::nextafter(p, 0.0);
  const auto target = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil(requested * static_cast<double>(total_count_) / 100.0)));
  std::int64_t seen = 0;
  for (std::size_t i = lowest_index_; i <= highest_index_; ++i) {
    seen += counts_[i];
    if (seen >= target) return std::min(highest_equivalent(value_at_index(i)), max_);
  }
  return max();
}

void Histogram::add_at_index(std::size_t i, std::int64_t count) {
  if (i >= counts_.size()) {
    throw std::out_of_range(
        fmt::format("histogram: index {} is outside the counts array (length {})", i, counts_.size()));
  }
  if (count < 0) throw std::invalid_argument(fmt::format("histogram: negative count {}", count));
  if (count == 0) return;
  std::int64_t new_total = 0;
  std::int64_t new_count = 0;
  if (__builtin_add_overflow(total_count_, count, &new_total) ||
      __builtin_add_overflow(counts_[i], count, &new_count)) {
    throw std::overflow_error("histogram: total count overflows 64 bits");
  }
  counts_[i] = new_count;
  total_count_ = new_total;
  lowest_index_ = std::min(lowest_index_, i);
  highest_index_ = std::max(highest_index_, i);
  const std::int64_t low = value_at_index(i);
  min_ = std::min(min_, low);
  max_ = std::max(max_, highest_equivalent(low));
}

}  // namespace rollcall::metrics
