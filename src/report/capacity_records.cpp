#include "report/capacity_records.hpp"

#include <chrono>
#include <tuple>

namespace rollcall::report {

namespace {

// The metrics line that shows a stretch's trouble when the objective that
// broke was not about one step ("rejected < 1%"): the line with the most
// rejected answers, else errors, else the slowest p95.
std::string busiest_line(const analysis::Measurement& m) {
  const analysis::StepTally* best = nullptr;
  auto key = [](const analysis::StepTally& t) {
    return std::tuple(t.tally.rejected, t.tally.errors, t.tally.latency.count() ? t.tally.latency.percentile(95) : 0);
  };
  for (const auto& t : m.steps)
    if (!best || key(t) > key(*best)) best = &t;
  return best ? best->step : std::string();
}

Verdict verdict_of(analysis::Outcome o) {
  switch (o) {
    case analysis::Outcome::fail: return Verdict::fail;
    case analysis::Outcome::invalid: return Verdict::invalid;
    default: return Verdict::pass;
  }
}


}  // namespace

Objective objective_of(const analysis::ObjectiveResult& r) {
  Objective o;
  o.name = r.objective.text;
  const bool latency = r.objective.metric == scenario::Objective::Metric::latency;
  switch (r.objective.op) {
    case scenario::Objective::Op::less: o.comparator = "<"; break;
    case scenario::Objective::Op::less_equal: o.comparator = "<="; break;
    case scenario::Objective::Op::greater: o.comparator = ">"; break;
    case scenario::Objective::Op::greater_equal: o.comparator = ">="; break;
  }
  o.measured = latency ? r.observed / 1000.0 : r.observed * 100.0;
  o.bound = latency ? r.objective.threshold / 1000.0 : r.objective.threshold * 100.0;
  o.unit = latency ? "ms" : "%";
  o.passed = r.status != analysis::ObjectiveResult::Status::fail;
  return o;
}

CapacityStep capacity_step(const capacity::StepResult& s, int index, double start_s, const std::string& line) {
  CapacityStep out;
  out.index = index;
  out.offered_per_s = s.measurement.offered_rate();
  out.achieved_per_s = s.measurement.achieved_rate();
  out.verdict = verdict_of(s.record.outcome);
  out.start_s = start_s;
  out.end_s = start_s + std::chrono::duration<double>(s.record.plan.hold).count();
  std::string shown = line;
  if (shown.empty())
    if (const auto* worst = s.record.judgement.worst()) shown = worst->objective.step;
  if (shown.empty()) shown = busiest_line(s.measurement);
  out.limiting_step = shown;
  const auto latency = s.measurement.line_latency(shown);
  out.p50_ms = static_cast<double>(latency.percentile(50)) / 1000.0;
  out.p95_ms = static_cast<double>(latency.percentile(95)) / 1000.0;
  out.p99_ms = static_cast<double>(latency.percentile(99)) / 1000.0;
  const auto all = s.measurement.requests();
  out.errors = all.errors;
  out.queued = all.queued;
  out.error_ratio = all.requests ? static_cast<double>(all.errors) / static_cast<double>(all.requests) : 0;
  if (!s.record.generator_problems.empty())
    out.reason = s.record.generator_problems.front();
  else if (const auto* worst = s.record.judgement.worst())
    out.reason = worst->describe();
  return out;
}

Saturation saturation_of(const capacity::CapacityResult& r) {
  Saturation out;
  const auto& v = r.verdict;
  out.rate_per_s = v.kind == analysis::Verdict::Kind::generator_limited ? v.generator_limit : v.saturation;
  out.limiting_step = r.limiting_line;
  if (out.limiting_step.empty()) {
    // The lowest failing step tells which line the broken objective hurt.
    const capacity::StepResult* failing = nullptr;
    for (const auto& st : r.steps)
      if (st.record.outcome == analysis::Outcome::fail && (!failing || st.record.plan.rate < failing->record.plan.rate))
        failing = &st;
    out.limiting_step = failing ? busiest_line(failing->measurement) : v.limiting;
  }
  out.reason = std::string(analysis::reason_name(v.reason));
  out.interval = {v.saturation, v.lowest_failing};
  out.knee_per_s = v.knee;
  out.recovery.measured = v.recovery.checked;
  out.recovery.recovered = v.recovery.recovered;
  out.recovery.seconds = std::chrono::duration<double>(v.recovery.time_to_recover).count();
  if (v.recovery.metastable()) out.recovery.note = "metastable: still failing at half the saturation load";
  if (r.usl.supported || !r.usl_points.empty()) {
    UslFit fit;
    fit.sigma = r.usl.sigma;
    fit.kappa = r.usl.kappa;
    fit.lambda = r.usl.lambda;
    fit.peak_per_s = r.usl.peak_throughput.value_or(0);
    fit.r2 = r.usl.r2;
    fit.supported = r.usl.supported;
    out.usl = fit;
  }
  if (r.plan && r.plan->known) {
    CapacityPlan plan;
    plan.population = r.plan->logins;
    plan.required_per_s = r.plan->needed;
    plan.description = r.plan->sentence;
    out.plan = plan;
  }
  return out;
}

std::vector<Objective> objectives_of(const capacity::CapacityResult& r) {
  const capacity::StepResult* at = nullptr;
  for (const auto& s : r.steps)
    if (s.record.outcome == analysis::Outcome::pass && s.record.plan.rate <= r.verdict.saturation + 1e-9 &&
        (!at || s.record.plan.rate > at->record.plan.rate))
      at = &s;
  std::vector<Objective> out;
  if (!at) return out;
  for (const auto& result : at->record.judgement.results) out.push_back(objective_of(result));
  return out;
}

}  // namespace rollcall::report
