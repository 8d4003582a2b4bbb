#pragma once
// Everything a capacity search found, kept whole so that a report (the text
// summary, the JSON, a later HTML page) can draw any of it: each step as
// measured and judged, the verdict, the recovery, the USL fit and the plan.
#include <optional>
#include <string>
#include <vector>

#include "analysis/capacity_search.hpp"
#include "analysis/plan.hpp"
#include "analysis/usl.hpp"

namespace rollcall::capacity {

struct StepResult {
  analysis::StepRecord record;                 // plan, outcome, judgement, generator problems
  analysis::Measurement measurement;           // the judged stretch (after the transient)
  std::vector<analysis::Measurement> windows;  // recovery: one per window, from the drop
  double requests_per_s = 0;
  double users = 0;                            // journeys under way, on average
  double wall_s = 0;
  // Why requests failed, per metrics line: "login > cas: timeout x3".
  std::vector<std::string> failures;
};

struct CapacityResult {
  analysis::SearchSettings settings;
  std::vector<scenario::Objective> objectives;
  analysis::Verdict verdict;
  std::vector<StepResult> steps;

  // The metrics line of the limiting objective, for the per-step latency
  // columns; empty: whole journeys (the objective was not about one step).
  std::string limiting_line;
  // The saturation point in other units, from the step that set it.
  double requests_per_s = 0;
  double concurrent_users = 0;

  std::vector<analysis::UslPoint> usl_points;
  analysis::UslFit usl;
  std::optional<analysis::CapacityPlan> plan;

  bool retrying_personas = false;  // some persona retries or restarts (on_failure)
  bool interrupted = false;
  double duration_s = 0;

  bool metastable() const { return verdict.recovery.metastable(); }
  bool shortfall() const { return plan && plan->known && plan->margin < 0; }
  // The verdict in words, a few lines.
  std::vector<std::string> sentences() const;
};

}  // namespace rollcall::capacity
