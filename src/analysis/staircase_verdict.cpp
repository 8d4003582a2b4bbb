#include "analysis/staircase_verdict.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/knee.hpp"
#include "common/duration.hpp"

namespace rollcall::analysis {

Verdict staircase_verdict(const std::vector<StepRecord>& rungs, const SearchSettings& settings) {
  Verdict v;
  std::optional<double> pass;
  const StepRecord* failed = nullptr;
  const StepRecord* invalid = nullptr;
  for (const auto& r : rungs) {
    if (r.outcome == Outcome::unjudged) continue;
    if (r.outcome == Outcome::invalid) {
      invalid = &r;
      break;
    }
    if (r.outcome == Outcome::fail) {
      failed = &r;
      break;
    }
    // A pass above the first failure cannot happen here: the loop stops there.
    pass = std::max(pass.value_or(0.0), r.plan.rate);
  }
  v.saturation = pass.value_or(0);
  if (failed) {
    v.kind = pass ? Verdict::Kind::saturated : Verdict::Kind::below_start;
    v.lowest_failing = failed->plan.rate;
    explain_failure(v, *failed, settings);
  } else if (invalid) {
    v.kind = Verdict::Kind::generator_limited;
    v.generator_limit = invalid->plan.rate;
  } else if (pass) {
    v.kind = Verdict::Kind::not_reached;
  } else {
    v.kind = Verdict::Kind::inconclusive;  // no rung judged at all
  }
  std::vector<CurvePoint> curve;
  for (const auto& r : rungs)
    if ((r.outcome == Outcome::pass || r.outcome == Outcome::fail) && r.journey_p95_ms > 0)
      curve.push_back({r.plan.rate, r.journey_p95_ms});
  v.knee = find_knee(curve);
  return v;
}

}  // namespace rollcall::analysis
