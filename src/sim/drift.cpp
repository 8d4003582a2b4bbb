#include "sim/drift.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/usage_error.hpp"

namespace rollcall::sim {

namespace {

using namespace std::chrono_literals;

// splitmix64's finaliser: a good 64-bit hash, so hash(seed, k) is a
// counter-based generator (knot k needs no knot before it).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double unit_interval(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }  // [0, 1)

// Knot k's deviation from 1, in units of PCT: on alternating sides, which
// side first depending on the seed, at a depth of 0.6 to 1. Alternating
// sides make the capacity really move every half period; the random depths
// keep it from being a sine that a search could fall in step with.
double knot(std::uint64_t seed, std::int64_t k) {
  const std::uint64_t stream = mix(seed ^ 0xd1f7a2c3b4e5968fULL);  // apart from tokens and faults
  const double depth = 0.6 + 0.4 * unit_interval(mix(stream + static_cast<std::uint64_t>(k)));
  const bool slow = ((k & 1) == 0) == ((stream >> 63) == 0);
  return slow ? depth : -depth;
}


[[noreturn]] void invalid_drift(std::string_view text, std::string_view why) {
  throw UsageError(fmt::format("invalid --drift '{}': {}", text, why));
}

}  // namespace

double drift_factor(double drift, Duration period, std::uint64_t seed, Duration since_start) {
  if (drift <= 0 || period <= Duration::zero()) return 1.0;
  const double x = std::max(0.0, seconds(since_start)) / (seconds(period) / 2);
  const double k = std::floor(x);
  // Cosine interpolation: weight 0 at knot k, 1 at knot k + 1, flat at both.
  const double w = (1 - std::cos(std::numbers::pi * (x - k))) / 2;
  const auto i = static_cast<std::int64_t>(k);
  return 1 + drift * ((1 - w) * knot(seed, i) + w * knot(seed, i + 1));
}

Duration drifted(Duration service, double factor) {
  return Duration(std::llround(static_cast<double>(service.count()) * factor));
}

std::pair<double, Duration> parse_drift(std::string_view text) {
  const auto at = text.find('@');
  const std::string_view share = text.substr(0, at);
  if (share.empty() || share.back() != '%') invalid_drift(text, "expected PCT% or PCT%@PERIOD, e.g. 20% or 20%@40s");
  double percent = -1;
  auto [end, ec] = std::from_chars(share.data(), share.data() + share.size() - 1, percent);
  if (ec != std::errc{} || end != share.data() + share.size() - 1 || !(percent >= 0 && percent <= max_drift * 100))
    invalid_drift(text, fmt::format("the share must be a number from 0% to {:g}%", max_drift * 100));
  Duration period = 40s;
  if (at != std::string_view::npos) {
    auto d = parse_duration(text.substr(at + 1));
    if (!d || *d < 1s || *d > 1h) invalid_drift(text, "the period must be a duration from 1s to 1h, with its unit, e.g. 40s");
    period = *d;
  }
  return {percent / 100, period};
}

}  // namespace rollcall::sim
