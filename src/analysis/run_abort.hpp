#pragma once
// Ending a run early on an objective (`abort_on_fail`, as k6's thresholds
// do): the run so far is judged at each second, once the objective's delay
// has passed. Only a failure beyond doubt ends it: the objective's
// confidence interval lies wholly past its threshold, read from at least
// the samples it needs (samples_needed). An undecided or thin reading never
// does, so the counting noise of the first seconds cannot end a test; and a
// target that is failing is not kept failing for the rest of the run.
#include <optional>
#include <vector>

#include "analysis/measurement.hpp"
#include "analysis/objectives.hpp"
#include "scenario/load_spec.hpp"

namespace rollcall::analysis {

// The first abort-on-fail objective the run so far (`elapsed_s` long) has
// failed beyond doubt; nullopt while none has.
std::optional<ObjectiveResult> abort_reason(const std::vector<scenario::Objective>& objectives, const Measurement& so_far,
                                            double elapsed_s);

}  // namespace rollcall::analysis
