#pragma once
// A target whose service time drifts (`--drift PCT[@PERIOD]`): every
// endpoint's service time is multiplied by a factor f(t) that wanders within
// [1 - PCT, 1 + PCT] over tens of seconds, t being the time since the
// simulator started. Real ENTs slow down and speed up under the same load
// (a backup, a neighbour on the hypervisor, a cache warming); a capacity
// search must not report a figure the target only held at its best moment.
//
// The curve: knots every PERIOD/2 on alternating sides of 1 (slow, fast,
// slow...), each at a random depth of 60% to 100% of PCT, joined by cosine
// interpolation (smooth, flat at each knot). So the capacity swings once per
// PERIOD, never by the same amount twice, and over any two periods it covers
// at least 60% of its range. Knot k comes from a hash of (seed, k), a
// counter-based generator: f(t) is a pure function of the seed and t, the
// same on every run and on any thread, with no state and no lock, and costs
// two hashes and a cosine per request.
#include <cstdint>
#include <string_view>
#include <utility>

#include "common/duration.hpp"

namespace rollcall::sim {

inline constexpr double max_drift = 0.9;  // PCT below 100%: a service time stays positive

// f(since_start); exactly 1 without drift (drift <= 0).
double drift_factor(double drift, Duration period, std::uint64_t seed, Duration since_start);

// The service time a request holds its worker for under that factor.
Duration drifted(Duration service, double factor);

// "20%" or "20%@40s" for --drift: the share (0.2) and the period (default 40s).
// Throws UsageError with a one-line message.
std::pair<double, Duration> parse_drift(std::string_view text);

}  // namespace rollcall::sim
