#pragma once
// When a run's failed objectives say more about the generator than about
// the target: it was the bottleneck (late loops, late arrivals, saturated
// CPU) in more than a tenth of the run's intervals, and every failure lies
// within what its delay could have added. The result is then invalid (exit
// 4), not failed. `run` and `merge` (where an interval is invalid when any
// segment's generator was the bottleneck) apply the same rule.
#include <vector>

#include "analysis/objectives.hpp"
#include "report/results.hpp"

namespace rollcall::report {

bool generator_limited(const std::vector<Interval>& intervals, const analysis::Judgement& judgement);

// Intervals where the generator was the bottleneck.
long invalid_intervals(const std::vector<Interval>& intervals);

}  // namespace rollcall::report
