#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "metrics/histogram.hpp"

using rollcall::metrics::Histogram;

namespace {

constexpr std::int64_t kHour = 3'600'000'000;

// The p-th percentile of the samples under HdrHistogram's definition: the
// value at 1-based rank ceil(p/100 * n), with p one ulp lower so that 99.9% of
// 100'000 is rank 99'900 and not, through rounding, 99'901.
std::int64_t exact_percentile(const std::vector<std::int64_t>& sorted, double p) {
  const double requested = std::nextafter(p, 0.0);
  const auto rank = static_cast<std::size_t>(std::ceil(requested * static_cast<double>(sorted.size()) / 100.0));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

double exact_mean(const std::vector<std::int64_t>& v) {
  double sum = 0;
  for (auto x : v) sum += static_cast<double>(x);
  return sum / static_cast<double>(v.size());
}

double exact_stddev(const std::vector<std::int64_t>& v) {
  const double m = exact_mean(v);
  double sum = 0;
  for (auto x : v) sum += (static_cast<double>(x) - m) * (static_cast<double>(x) - m);
  return std::sqrt(sum / static_cast<double>(v.size()));
}

Histogram histogram_of(const std::vector<std::int64_t>& values) {
  Histogram h;
  for (auto v : values) h.record(v);
  return h;
}

// 3 significant figures: every reported value is within 1/1024 of the exact one.
void check_percentiles_close(const Histogram& h, std::vector<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  for (double p : {1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 99.99}) {
    INFO("p" << p);
    const auto exact = static_cast<double>(exact_percentile(values, p));
    const auto reported = static_cast<double>(h.percentile(p));
    CHECK(reported >= exact);
    CHECK(reported <= exact * 1.001);
  }
  CHECK(h.percentile(0) == values.front());
  CHECK(h.percentile(100) == values.back());
  CHECK(h.min() == values.front());
  CHECK(h.max() == values.back());
  CHECK(h.count() == static_cast<std::int64_t>(values.size()));
}

}  // namespace

TEST_CASE("default layout is HdrHistogram's for 1 us .. 1 h at 3 figures", "[histogram]") {
  const Histogram h;
  CHECK(h.lowest_discernible() == 1);
  CHECK(h.highest_trackable() == kHour);
  CHECK(h.significant_figures() == 3);
  // subBucketCount 2048, 22 buckets: (22 + 1) * 1024 counts.
  CHECK(h.counts_length() == 23552);
  // Bucket 0 has unit resolution up to 2047.
  CHECK(h.index_of(0) == 0);
  CHECK(h.index_of(2047) == 2047);
  CHECK(h.highest_equivalent(2047) == 2047);
  // Bucket 1 has resolution 2.
  CHECK(h.index_of(2048) == 2048);
  CHECK(h.index_of(2049) == 2048);
  CHECK(h.index_of(3000) == 2524);
  CHECK(h.value_at_index(2524) == 3000);
  CHECK(h.highest_equivalent(3000) == 3001);
  // 1 h sits in bucket 21 (resolution 2^21 us, about 2.1 s).
  CHECK(h.index_of(kHour) == 23220);
  CHECK(h.value_at_index(23220) == 3'598'712'832);
  CHECK(h.lowest_equivalent(kHour) == 3'598'712'832);
  CHECK(h.highest_equivalent(kHour) == 3'600'809'983);
  CHECK(h.index_of(kHour) < h.counts_length());
}

TEST_CASE("other layouts follow HdrHistogram's formulas", "[histogram]") {
  // unitMagnitude 9, subBucketCount 256, 16 buckets: 17 * 128 counts.
  const Histogram coarse(1000, kHour, 2);
  CHECK(coarse.counts_length() == 2176);
  CHECK(coarse.value_at_index(1) == 512);
  CHECK(coarse.highest_equivalent(1000) == 1023);
  // 0 figures still keeps two sub-buckets.
  const Histogram minimal(1, 1000, 0);
  CHECK(minimal.highest_equivalent(1000) == 1023);
  // 5 figures: subBucketCount 262144.
  const Histogram fine(1, 1'000'000, 5);
  CHECK(fine.highest_equivalent(262'143) == 262'143);
  CHECK(fine.highest_equivalent(262'144) == 262'145);
}

TEST_CASE("index and equivalence agree for many layouts", "[histogram]") {
  std::mt19937_64 rng(5);
  for (const auto& [lowest, highest, figures] :
       {std::tuple<std::int64_t, std::int64_t, int>{1, kHour, 3}, {1, INT64_MAX, 0}, {1, INT64_MAX, 5},
        {1000, 1'000'000'000, 2}, {std::int64_t{1} << 50, INT64_MAX, 0}, {3, 7, 1}, {7, 1'000'000, 4}}) {
    const Histogram h(lowest, highest, figures);
    INFO("layout " << lowest << " " << highest << " " << figures);
    REQUIRE(h.index_of(highest) < h.counts_length());
    std::uniform_int_distribution<std::int64_t> dist(0, highest);
    for (int i = 0; i < 2'000; ++i) {
      const std::int64_t v = i < 64 ? std::min(highest, (std::int64_t{1} << (i % 63)) - 1 + i / 63) : dist(rng);
      const std::size_t index = h.index_of(v);
      REQUIRE(index < h.counts_length());
      REQUIRE(h.value_at_index(index) == h.lowest_equivalent(v));
      REQUIRE(h.lowest_equivalent(v) <= v);
      REQUIRE(h.highest_equivalent(v) >= v);
      REQUIRE(h.index_of(h.highest_equivalent(v)) == index);
      if (h.lowest_equivalent(v) > 0) REQUIRE(h.index_of(h.lowest_equivalent(v) - 1) == index - 1);
    }
  }
}

TEST_CASE("constructor rejects impossible layouts", "[histogram]") {
  CHECK_THROWS_AS(Histogram(0, 1000, 3), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(10, 19, 3), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(1, 1000, 6), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(1, 1000, -1), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(std::int64_t{1} << 55, INT64_MAX, 3), std::invalid_argument);
  CHECK_NOTHROW(Histogram(10, 20, 3));
  CHECK_NOTHROW(Histogram(1, INT64_MAX, 3));
}

TEST_CASE("uniform 1..1,000,000: percentiles within 0.1% of the exact answer", "[histogram]") {
  std::mt19937_64 rng(20240501);
  std::uniform_int_distribution<std::int64_t> dist(1, 1'000'000);
  std::vector<std::int64_t> values(200'000);
  for (auto& v : values) v = dist(rng);
  const Histogram h = histogram_of(values);
  check_percentiles_close(h, values);
  CHECK(h.mean() == Approx(exact_mean(values)).epsilon(0.001));
  CHECK(h.stddev() == Approx(exact_stddev(values)).epsilon(0.001));
  CHECK(h.overflow_count() == 0);
}

TEST_CASE("exponential latencies (mean 10 ms): percentiles within 0.1%", "[histogram]") {
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> dist(1.0 / 10'000.0);
  std::vector<std::int64_t> values(100'000);
  for (auto& v : values) v = 1 + static_cast<std::int64_t>(dist(rng));
  const Histogram h = histogram_of(values);
  check_percentiles_close(h, values);
  CHECK(h.mean() == Approx(exact_mean(values)).epsilon(0.001));
  CHECK(h.mean() == Approx(10'000).epsilon(0.02));
  CHECK(h.stddev() == Approx(exact_stddev(values)).epsilon(0.001));
}

TEST_CASE("bimodal: 90% around 1 ms and 10% around 1 s", "[histogram]") {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> fast(1'000.0, 100.0);
  std::normal_distribution<double> slow(1'000'000.0, 50'000.0);
  std::vector<std::int64_t> values;
  for (int i = 0; i < 100'000; ++i) {
    const double v = i % 10 == 0 ? slow(rng) : fast(rng);
    values.push_back(std::max<std::int64_t>(1, std::llround(v)));
  }
  const Histogram h = histogram_of(values);
  check_percentiles_close(h, values);
  CHECK(h.percentile(50) == Approx(1'000).epsilon(0.05));
  CHECK(h.percentile(89) < 2'000);
  CHECK(h.percentile(95) == Approx(1'000'000).epsilon(0.1));
  CHECK(h.mean() == Approx(0.9 * 1'000 + 0.1 * 1'000'000).epsilon(0.01));
}

TEST_CASE("merge equals one histogram fed the union", "[histogram]") {
  std::mt19937_64 rng(99);
  std::lognormal_distribution<double> dist(8.0, 2.0);
  std::vector<std::int64_t> a(50'000), b(30'000);
  for (auto& v : a) v = static_cast<std::int64_t>(dist(rng));
  for (auto& v : b) v = static_cast<std::int64_t>(dist(rng)) * 3;
  b.push_back(kHour * 2);  // an overflow must merge too
  std::vector<std::int64_t> all = a;
  all.insert(all.end(), b.begin(), b.end());

  Histogram merged = histogram_of(a);
  merged.merge(histogram_of(b));
  const Histogram reference = histogram_of(all);

  REQUIRE(merged.counts_length() == reference.counts_length());
  for (std::size_t i = 0; i < merged.counts_length(); ++i) {
    if (merged.count_at_index(i) != reference.count_at_index(i)) {
      FAIL_CHECK("count differs at index " << i);
    }
  }
  CHECK(merged.count() == reference.count());
  CHECK(merged.overflow_count() == 1);
  CHECK(merged.min() == reference.min());
  CHECK(merged.max() == reference.max());
  CHECK(merged.mean() == reference.mean());
  CHECK(merged.stddev() == reference.stddev());
  for (double p : {50.0, 99.0, 99.99}) CHECK(merged.percentile(p) == reference.percentile(p));
}

TEST_CASE("merge with empty histograms and mismatched layouts", "[histogram]") {
  Histogram h;
  h.record(500);
  h.merge(Histogram{});
  CHECK(h.count() == 1);
  CHECK(h.min() == 500);
  CHECK(h.max() == 500);

  Histogram empty;
  empty.merge(h);
  CHECK(empty.min() == 500);
  CHECK(empty.max() == 500);

  h.merge(h);
  CHECK(h.count() == 2);
  CHECK(h.count_at_index(h.index_of(500)) == 2);

  CHECK_THROWS_AS(h.merge(Histogram(1, kHour, 2)), std::invalid_argument);
  CHECK_THROWS_AS(h.merge(Histogram(1, 1'000'000, 3)), std::invalid_argument);
  CHECK_THROWS_AS(h.merge(Histogram(2, kHour, 3)), std::invalid_argument);
  CHECK(h.count() == 2);
}

TEST_CASE("empty histogram reports zeros", "[histogram]") {
  const Histogram h;
  CHECK(h.count() == 0);
  CHECK(h.overflow_count() == 0);
  CHECK(h.min() == 0);
  CHECK(h.max() == 0);
  CHECK(h.mean() == 0.0);
  CHECK(h.stddev() == 0.0);
  for (double p : {0.0, 50.0, 100.0}) CHECK(h.percentile(p) == 0);
}

TEST_CASE("one value: every percentile is that value", "[histogram]") {
  for (std::int64_t v : {std::int64_t{1}, std::int64_t{777}, std::int64_t{12'345}, std::int64_t{98'765'432}}) {
    INFO("value " << v);
    Histogram h;
    h.record(v);
    CHECK(h.min() == v);
    CHECK(h.max() == v);
    for (double p : {0.0, 1e-9, 1.0, 50.0, 99.0, 99.9999, 100.0}) CHECK(h.percentile(p) == v);
    CHECK(h.mean() == Approx(static_cast<double>(v)).epsilon(0.001));
    CHECK(h.stddev() == 0.0);
  }
}

TEST_CASE("percentile bounds: p=0 is min, p=100 is max, out of range clamps", "[histogram]") {
  Histogram h;
  for (std::int64_t v = 1; v <= 100; ++v) h.record(v * 100);
  CHECK(h.percentile(0) == 100);
  CHECK(h.percentile(100) == 10'000);
  CHECK(h.percentile(-5) == 100);
  CHECK(h.percentile(250) == 10'000);
  CHECK(h.percentile(std::nan("")) == 100);
  CHECK(h.percentile(50) == 5'003);  // 5000's bucket is [5000, 5003]
  // 1% of 100 samples is exactly the first: no rounding into the next one.
  CHECK(h.percentile(1) == 100);
  CHECK(h.percentile(1.0001) == 200);
}

TEST_CASE("values at 1 us and at 1 h are tracked", "[histogram]") {
  Histogram h;
  h.record(1);
  h.record(kHour);
  CHECK(h.overflow_count() == 0);
  CHECK(h.min() == 1);
  CHECK(h.max() == kHour);
  CHECK(h.percentile(50) == 1);
  CHECK(h.percentile(99) == kHour);  // bucket top 3'600'809'983, capped at max
  CHECK(h.count_at_index(1) == 1);
  CHECK(h.count_at_index(h.index_of(kHour)) == 1);
}

TEST_CASE("values above highest_trackable are clamped and counted, not lost", "[histogram]") {
  Histogram h;
  h.record(kHour + 1);
  h.record_n(1'000'000'000'000, 3);
  h.record(INT64_MAX);
  CHECK(h.count() == 5);
  CHECK(h.overflow_count() == 5);
  CHECK(h.count_at_index(h.index_of(kHour)) == 5);
  CHECK(h.min() == kHour + 1);
  CHECK(h.max() == INT64_MAX);
  CHECK(h.percentile(100) == INT64_MAX);
  CHECK(h.percentile(50) == h.highest_equivalent(kHour));
  h.reset();
  CHECK(h.overflow_count() == 0);
}

TEST_CASE("value 0 and negative values land in bucket 0", "[histogram]") {
  Histogram h;
  h.record(0);
  h.record(-42);
  CHECK(h.count() == 2);
  CHECK(h.count_at_index(0) == 2);
  CHECK(h.min() == 0);
  CHECK(h.max() == 0);
  CHECK(h.percentile(50) == 0);
  CHECK(h.percentile(100) == 0);
  CHECK(h.mean() == 0.0);
}

TEST_CASE("record_n counts, ignores non-positive counts, reset clears", "[histogram]") {
  Histogram h;
  h.record_n(250, 1'000);
  h.record_n(300, 0);
  h.record_n(300, -4);
  CHECK(h.count() == 1'000);
  CHECK(h.count_at_index(h.index_of(250)) == 1'000);
  CHECK(h.percentile(99.9) == 250);
  h.reset();
  CHECK(h.count() == 0);
  CHECK(h.max() == 0);
  for (std::size_t i = 0; i < h.counts_length(); ++i) REQUIRE(h.count_at_index(i) == 0);
  h.record(7);
  CHECK(h.min() == 7);
  CHECK(h.max() == 7);
}

TEST_CASE("add_at_index adds bucket counts and guards its arguments", "[histogram]") {
  Histogram h;
  h.add_at_index(2524, 3);  // the bucket holding 3000 and 3001
  CHECK(h.count() == 3);
  CHECK(h.min() == 3000);
  CHECK(h.max() == 3001);
  CHECK(h.percentile(50) == 3001);
  CHECK(h.count_at_index(h.counts_length()) == 0);
  CHECK_THROWS_AS(h.add_at_index(h.counts_length(), 1), std::out_of_range);
  CHECK_THROWS_AS(h.add_at_index(0, -1), std::invalid_argument);
  CHECK_THROWS_AS(h.add_at_index(0, INT64_MAX), std::overflow_error);
  CHECK(h.count() == 3);
}

TEST_CASE("equivalence helpers saturate instead of overflowing", "[histogram]") {
  const Histogram h(1, INT64_MAX, 3);
  CHECK(h.highest_equivalent(INT64_MAX) == INT64_MAX);
  CHECK(h.lowest_equivalent(INT64_MAX) <= INT64_MAX);
  CHECK(h.index_of(INT64_MAX) < h.counts_length());
  const Histogram d;
  CHECK(d.highest_equivalent(-3) == 0);
  CHECK(d.value_at_index(d.counts_length() * 1000) == INT64_MAX);
}

TEST_CASE("the filled range bounds every count, and a reset histogram is a new one", "[histogram]") {
  Histogram h;
  CHECK(h.filled_begin() == h.filled_end());
  h.record(1'000);
  h.record(250'000);
  h.record_n(kHour * 3, 2);  // an overflow lands in the top bucket
  CHECK(h.filled_begin() == h.index_of(1'000));
  CHECK(h.filled_end() == h.index_of(kHour) + 1);
  for (std::size_t i = 0; i < h.counts_length(); ++i)
    if (i < h.filled_begin() || i >= h.filled_end()) REQUIRE(h.count_at_index(i) == 0);

  // Used, reset, used again: identical to a histogram that only saw the
  // second use, count by count and in every statistic.
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> dist(9.0, 1.5);
  std::vector<std::int64_t> second(20'000);
  for (auto& v : second) v = static_cast<std::int64_t>(dist(rng));
  h.reset();
  CHECK(h.filled_begin() == h.filled_end());
  CHECK(h.percentile(50) == 0);
  const Histogram fresh = histogram_of(second);
  for (auto v : second) h.record(v);
  for (std::size_t i = 0; i < h.counts_length(); ++i) REQUIRE(h.count_at_index(i) == fresh.count_at_index(i));
  CHECK(h.filled_begin() == fresh.filled_begin());
  CHECK(h.filled_end() == fresh.filled_end());
  CHECK(h.mean() == fresh.mean());
  CHECK(h.stddev() == fresh.stddev());
  for (double p : {0.0, 1.0, 50.0, 99.9, 100.0}) CHECK(h.percentile(p) == fresh.percentile(p));

  // Merging widens the range to both inputs'; an empty one changes nothing.
  Histogram low;
  low.record(3);
  h.merge(low);
  h.merge(Histogram());
  CHECK(h.filled_begin() == h.index_of(3));
  CHECK(h.filled_end() == fresh.filled_end());
  CHECK(h.count() == fresh.count() + 1);

  // Counts added by index (the decoder) widen it too.
  Histogram decoded;
  decoded.add_at_index(5'000, 4);
  CHECK(decoded.filled_begin() == 5'000);
  CHECK(decoded.filled_end() == 5'001);
  decoded.reset();
  CHECK(decoded.count_at_index(5'000) == 0);
}
