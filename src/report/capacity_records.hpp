#pragma once
// A capacity search in the form the results stream and report.html keep:
// each step judged, and the verdict with its recovery, USL fit and plan.
#include "capacity/capacity_result.hpp"
#include "report/results.hpp"

namespace rollcall::report {

// `line`: the metrics line whose latencies the step shows (the limiting
// one, if known). `segmented` (capacity --segment i/n): offered_per_s is
// the rung's rate for the whole run, the staircase's, and
// segment_offered_per_s what this machine offered of it.
CapacityStep capacity_step(const capacity::StepResult& step, int index, const std::string& line, bool segmented = false);

Saturation saturation_of(const capacity::CapacityResult& result);

// One objective's result as the report shows it.
Objective objective_of(const analysis::ObjectiveResult& result);

// Every objective judged (the user's and the default guards), as read at the
// saturation point (CapacityResult::saturation_step: the confirmation when
// there is one), each with its reading at the first failing step
// (failing_step) and the verdict's limiting one marked. Saturated below the
// first step: as read at the first failing step. The console summary and
// the records (hence summary.json, junit.xml and report.html) use this.
std::vector<Objective> objectives_of(const capacity::CapacityResult& result);

}  // namespace rollcall::report
