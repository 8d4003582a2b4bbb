#pragma once
// The knee of a latency curve: the load beyond which latency stops growing
// gently and starts to climb, found with Kneedle (Satopää et al., 2011):
// scale both axes to [0, 1], and take the point furthest below the chord
// from the first point to the last. Before it, queues are short; after it,
// each extra journey per second costs more latency than the last.
#include <optional>
#include <vector>

namespace rollcall::analysis {

struct CurvePoint {
  double load = 0;     // journeys/s
  double latency = 0;  // any unit
};

// nullopt with fewer than 3 distinct loads or a curve that does not rise
// (no knee to speak of). Points may come in any order.
std::optional<double> find_knee(std::vector<CurvePoint> points);

}  // namespace rollcall::analysis
