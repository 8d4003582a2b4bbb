#pragma once
// Judging a measurement against objectives (scenario::Objective, parsed from
// `slo:` or --slo). Each objective reads one number from the measurement:
//
//   latency (pNN, mean, max)  of a step's requests (all personas with that
//                             step, or one), else of whole journeys
//   errors, queued, rejected  ratio to requests: of a step, a persona's
//                             steps, or all
//   completed                 journeys completed / started
//   achieved                  journeys completed / offered (arrivals due):
//                             below 1 when the target cannot keep up
//
// An objective with nothing to read (no request of that step in the
// stretch) is `no_data`: neither passed nor failed, and it does not fail
// the judgement, so that a step run at a rate too low to reach a rare
// branch is not mistaken for a failure.
#include <optional>
#include <string>
#include <vector>

#include "analysis/measurement.hpp"
#include "scenario/load_spec.hpp"

namespace rollcall::analysis {

struct ObjectiveResult {
  scenario::Objective objective;
  enum class Status { pass, fail, no_data } status = Status::no_data;
  double observed = 0;   // same unit as objective.threshold (µs or a ratio)
  // How far past the threshold: observed / threshold for bounds from above,
  // threshold / observed for bounds from below; above 1 is broken.
  double excess = 0;
  std::string describe() const;  // "login p95 1.2s (objective < 800ms): failed"
};

struct Judgement {
  std::vector<ObjectiveResult> results;
  bool pass() const;
  // The failed objective furthest past its threshold; null when none failed.
  const ObjectiveResult* worst() const;
};

Judgement evaluate(const std::vector<scenario::Objective>& objectives, const Measurement& m);

// Could a generator that delayed requests by up to `delay_us` (its own loop
// lag and lateness) have made this objective fail? Only a latency bound from
// above within that delay of its threshold: a p95 of 200 ms against "< 50 ms"
// is the target's however late a 20 ms-lagging generator was. Ratios and
// throughput are always suspect, since a saturated generator times requests
// out and leaves arrivals unsent.
bool generator_could_explain(const ObjectiveResult& failed, double delay_us);

// What a capacity search judges by when the scenario gives no `slo:`:
// errors < 1%, rejected < 5%, achieved >= 95% of offered. (No latency: only
// the scenario's author knows what is slow for a login.)
std::vector<scenario::Objective> default_objectives();

// "cas-login-submit p95", "errors", "student: achieved": what an objective
// is about, for a verdict's "limiting step".
std::string subject(const scenario::Objective& o);

}  // namespace rollcall::analysis
