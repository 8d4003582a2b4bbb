#pragma once
// Everything a capacity search found, kept whole so that a report (the text
// summary, the JSON, a later HTML page) can draw any of it: each step as
// measured and judged, the verdict, the recovery, the USL fit and the plan.
#include <optional>
#include <string>
#include <string_view>
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
  // When the step's load began and ended, s from the search's start (the
  // results stream's clock: its intervals are on the same one).
  double start_s = 0, end_s = 0;
  // Why requests failed, per metrics line: "login > cas: timeout x3".
  std::vector<std::string> failures;
};

// What the USL fit may be said to show. A fit is a finding only when it is
// supported (enough loads, R² high enough) and its peak is not below the
// saturation point the search measured: a model that says the target cannot
// do what it was seen doing is contradicted by the measurement.
struct UslStatement {
  enum class Use { finding, contradicted, unsupported } use = Use::unsupported;
  std::string text;  // in English, the same words in every output, no final period
};
std::string_view usl_use_name(UslStatement::Use use);  // "finding", "contradicted", "unsupported"
// `measured_saturation`: journeys/s, 0 when none was measured.
UslStatement usl_statement(const analysis::UslFit& fit, double measured_saturation);

// The knee and a moving capacity, in the words every output uses.
std::string knee_sentence(double rate);
std::string moved_sentence(double low, double high);
// "Limiting step: journey p95 (latency): <the objective's result>."
std::string limiting_sentence(std::string_view limiting, std::string_view reason, std::string_view detail);

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

  // The two steps every output reads the objectives from, chosen here once:
  // the last judged passing run at the saturation point (the confirmation
  // when there is one: it is the run the answer rests on), and the last
  // failed run at the lowest failing rate (the one the limiting objective
  // was read from). Null when there is none.
  const StepResult* saturation_step() const;
  const StepResult* failing_step() const;
  // How the USL fit is stated, in every output.
  UslStatement usl_statement() const;

  bool metastable() const { return verdict.recovery.metastable(); }
  bool shortfall() const { return plan && plan->known && plan->margin < 0; }
  // The verdict in words, a few lines.
  std::vector<std::string> sentences() const;
};

}  // namespace rollcall::capacity
