#include "engine/arrivals.hpp"

#include <algorithm>
#include <cmath>

namespace rollcall::engine {

namespace {

// splitmix64: a counter-based generator, so that draw j depends on the seed
// and j alone, wherever and in whatever order it is computed.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

ArrivalGenerator::ArrivalGenerator(const RateCurve& curve, ArrivalProcess process, Slice slice, std::uint64_t seed,
                                   double max_rate)
    : curve_(&curve),
      process_(process),
      slice_(slice),
      seed_(mix(seed)),
      min_gap_(max_rate > 0 ? 1 / max_rate : 0),
      k_(process == ArrivalProcess::uniform ? slice.offset : 0) {}

double ArrivalGenerator::draw(std::uint64_t j) const {
  // 53 random bits in (0, 1]: never log(0).
  const double u = static_cast<double>((mix(seed_ ^ mix(j)) >> 11) + 1) * 0x1.0p-53;
  return -std::log(u);
}

std::optional<double> ArrivalGenerator::poisson_step() {
  sum_ += draw(k_);
  auto t = curve_->time_of(sum_, cursor_);
  if (!t) return std::nullopt;
  const double at = std::max(*t, last_ + min_gap_);
  if (at >= curve_->duration()) return std::nullopt;
  last_ = at;
  return at;
}

std::optional<Arrival> ArrivalGenerator::next() {
  if (ended_) return std::nullopt;
  if (process_ == ArrivalProcess::uniform) {
    auto t = curve_->time_of(static_cast<double>(k_), cursor_);
    if (!t) {
      ended_ = true;
      return std::nullopt;
    }
    const Arrival a{k_, *t};
    k_ += slice_.stride;
    return a;
  }
  // Walks the run's arrivals up to the slice's next one.
  for (;;) {
    auto t = poisson_step();
    if (!t) {
      ended_ = true;
      return std::nullopt;
    }
    const std::uint64_t k = k_++;
    if (slice_.owns(k)) return Arrival{k, *t};
  }
}

}  // namespace rollcall::engine
