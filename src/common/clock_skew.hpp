#pragma once
// How far this machine's clock is from the target's, read from one
// answer's Date header, and what a distributed start makes of it.
//
// Date has a one-second resolution: the server stamps its clock truncated
// to the second, at some moment between the request leaving and the
// answer coming back. One reading therefore bounds the skew (local minus
// server) within [sent - (date + 1), received - date]: about a second wide
// plus the round trip.
//
// Segments started with --start-at wait for the same instant on their own
// clocks; every second of skew between two of them shifts one's intervals
// by a whole interval against the other's (interval k of a merged run sums
// second k of every segment). NTP keeps machines within milliseconds, so
// a reading that proves seconds of skew means a machine without it.
#include <cmath>
#include <cstdint>

namespace rollcall {

struct SkewReading {
  double low = 0;   // local - server, s: the skew is at least this...
  double high = 0;  // ...and at most this
  double estimate() const { return (low + high) / 2; }
};

// sent, received: this machine's clock (s since the epoch) around the
// request; date: the answer's Date, in whole seconds.
inline SkewReading read_skew(double sent, double received, std::int64_t date) {
  const auto d = static_cast<double>(date);
  return {sent - (d + 1), received - d};
}

// Both judge the estimate, the middle of the reading (within half a
// second and half the round trip of the true skew). A warning above one
// second: intervals of two segments may then be one apart. A refusal above
// two: a machine within 1.5 s of the target is never refused, one beyond
// 2.5 s (plus half the round trip) always is, so two segments that both
// start are at most about 5 s apart, the transient a capacity step
// discards by default (docs/capacity.md, "Distributed search"). A tighter
// bound would refuse machines for Date's own resolution.
inline constexpr double skew_warning_s = 1;
inline constexpr double skew_refusal_s = 2;

enum class SkewVerdict { fine, warn, refuse };

inline SkewVerdict judge_skew(const SkewReading& r) {
  const double skew = std::abs(r.estimate());
  if (skew > skew_refusal_s) return SkewVerdict::refuse;
  if (skew > skew_warning_s) return SkewVerdict::warn;
  return SkewVerdict::fine;
}

}  // namespace rollcall
