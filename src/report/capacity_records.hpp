#pragma once
// A capacity search in the form the results stream and report.html keep:
// each step judged, and the verdict with its recovery, USL fit and plan.
#include "capacity/capacity_result.hpp"
#include "report/results.hpp"

namespace rollcall::report {

// `start_s`: when the step started, from the search's start. `line`: the
// metrics line whose latencies the step shows (the limiting one, if known).
CapacityStep capacity_step(const capacity::StepResult& step, int index, double start_s, const std::string& line);

Saturation saturation_of(const capacity::CapacityResult& result);

// One objective's result as the report shows it.
Objective objective_of(const analysis::ObjectiveResult& result);

// The objectives as judged at the saturation point (the last passing step).
std::vector<Objective> objectives_of(const capacity::CapacityResult& result);

}  // namespace rollcall::report
