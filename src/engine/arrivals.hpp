#pragma once
// The arrival times of an open load model, exact and seeded, for one slice
// of the run: a machine's segment (--segment i/n) and, within it, a lane.
//
// Arrival k of the whole run (k = 0, 1, 2, ...) is due where the integral
// of the rate curve reaches
//   uniform: k                  (evenly spread, as OpenSchedule does)
//   poisson: E_0 + ... + E_k    (E_j exponential of mean 1, drawn from
//                                the seed and j alone)
// which is the time-rescaling construction of a Poisson process whose rate
// follows the curve. A slice owns the arrivals k = offset, offset + stride,
// ...: the slices of a partition are disjoint and their union is exactly
// the whole schedule, on any number of machines and lanes, and arrival k
// is the same arrival wherever it is computed (its persona pick, user seed
// and feeder row may hang off k).
//
// With a max rate, Poisson arrivals are also kept at least 1/max_rate
// apart (an arrival that would come sooner is delayed to that point), so
// the cap holds for what is sent, not only on average; uniform arrivals
// follow the capped curve, which spaces them so already.
//
// Cost: uniform arrivals jump straight to the slice's next k. Poisson ones
// walk every draw of the run (the sum needs them all): `stride` draws of a
// counter-based generator per arrival of the slice, a few ns each, no
// allocation.
#include <cstdint>
#include <optional>

#include "common/rate_curve.hpp"

namespace rollcall::engine {

enum class ArrivalProcess { uniform, poisson };

struct Slice {
  std::uint64_t offset = 0;
  std::uint64_t stride = 1;

  // Part i of n (0-based): arrivals k with k mod n == i.
  static Slice part(std::uint64_t i, std::uint64_t n) { return {i, n}; }
  // Part i of n of this slice: a lane within a machine's segment.
  Slice part_of(std::uint64_t i, std::uint64_t n) const { return {offset + stride * i, stride * n}; }
  bool owns(std::uint64_t k) const { return k % stride == offset; }
};

struct Arrival {
  std::uint64_t k = 0;  // its number in the whole run
  double at = 0;        // s from the run's start
};

class ArrivalGenerator {
 public:
  // `curve` must outlive the generator. max_rate <= 0: no spacing.
  ArrivalGenerator(const RateCurve& curve, ArrivalProcess process, Slice slice, std::uint64_t seed, double max_rate = 0);

  // The slice's next arrival; nullopt once the curve has ended.
  std::optional<Arrival> next();

 private:
  double draw(std::uint64_t j) const;  // E_j
  std::optional<double> poisson_step();  // advances the whole run by one arrival

  const RateCurve* curve_;
  ArrivalProcess process_;
  Slice slice_;
  std::uint64_t seed_;
  double min_gap_;
  std::uint64_t k_;              // uniform: the slice's next k; poisson: the run's next k
  std::size_t cursor_ = 0;
  double sum_ = 0;               // poisson: E_0 + ... + E_{k-1}
  double last_ = -1e300;         // poisson: the run's last arrival time
  bool ended_ = false;
};

}  // namespace rollcall::engine
