#pragma once
// The verdict of a capacity staircase run without bisection: the rungs of a
// distributed search (`capacity --segment i/n` on n generators, no
// coordinator to steer between them), judged again on their merged data by
// `rollcall merge`. Stated as CapacitySearch states its own: the
// saturation point is the last rate that passed before the first rung that
// failed, the limiting step is that rung's worst objective.
#include <vector>

#include "analysis/capacity_search.hpp"

namespace rollcall::analysis {

// `rungs` in the order they ran, each judged (judge_step) with its plan's
// rate set; unjudged ones are skipped. The first failing rung ends the
// staircase, as it ends the search's climb. A rung where a generator was
// the bottleneck before any failure makes the verdict generator-limited at
// its rate (no retry: every segment ran it once), the last pass below it
// a lower bound. Knee from the journey p95 of the judged rungs; never
// confirmed (no confirmation run).
Verdict staircase_verdict(const std::vector<StepRecord>& rungs, const SearchSettings& settings);

}  // namespace rollcall::analysis
