#include "report/capacity_records.hpp"

#include <chrono>
#include <tuple>

#include "analysis/objectives.hpp"

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


// µs -> ms for latency, ratio -> % otherwise: the unit the records keep.
double in_record_unit(const scenario::Objective& o, double v) {
  return o.metric == scenario::Objective::Metric::latency ? v / 1000.0 : v * 100.0;
}

std::string_view status_name(analysis::ObjectiveResult::Status s) {
  switch (s) {
    case analysis::ObjectiveResult::Status::pass: return "pass";
    case analysis::ObjectiveResult::Status::fail: return "fail";
    case analysis::ObjectiveResult::Status::no_data: return "no_data";
  }
  return "no_data";
}

ObjectiveReading reading_of(const analysis::ObjectiveResult& r) {
  ObjectiveReading out;
  out.measured = in_record_unit(r.objective, r.observed);
  out.samples = r.samples;
  // Nothing read, nothing bounded: the reading is its own interval.
  const bool interval = r.samples > 0;
  out.low = interval ? in_record_unit(r.objective, r.low) : out.measured;
  out.high = interval ? in_record_unit(r.objective, r.high) : out.measured;
  out.decided = r.decided;
  out.status = std::string(status_name(r.status));
  return out;
}

// The same objective in another step's judgement: the judgements list the
// search's objectives in the same order, so by position, else by text.
const analysis::ObjectiveResult* same_objective(const analysis::Judgement& j, std::size_t i,
                                                const scenario::Objective& o) {
  if (i < j.results.size() && j.results[i].objective.text == o.text) return &j.results[i];
  for (const auto& r : j.results)
    if (r.objective.text == o.text) return &r;
  return nullptr;
}

// The objective the verdict names as limiting: the failing step's worst
// when it is the one named, else the first failed one with that subject.
const analysis::ObjectiveResult* limiting_objective(const capacity::CapacityResult& r, const capacity::StepResult& failing) {
  const auto* worst = failing.record.judgement.worst();
  if (worst && analysis::subject(worst->objective) == r.verdict.limiting) return worst;
  for (const auto& o : failing.record.judgement.results)
    if (o.status != analysis::ObjectiveResult::Status::pass && analysis::subject(o.objective) == r.verdict.limiting) return &o;
  return nullptr;
}

}  // namespace

Objective objective_of(const analysis::ObjectiveResult& r) {
  Objective o;
  o.name = r.objective.text;
  o.subject = analysis::subject(r.objective);
  switch (r.objective.op) {
    case scenario::Objective::Op::less: o.comparator = "<"; break;
    case scenario::Objective::Op::less_equal: o.comparator = "<="; break;
    case scenario::Objective::Op::greater: o.comparator = ">"; break;
    case scenario::Objective::Op::greater_equal: o.comparator = ">="; break;
  }
  const auto at = reading_of(r);
  o.measured = at.measured;
  o.samples = at.samples;
  o.low = at.low;
  o.high = at.high;
  o.decided = at.decided;
  o.status = at.status;
  o.bound = in_record_unit(r.objective, r.objective.threshold);
  o.unit = r.objective.metric == scenario::Objective::Metric::latency ? "ms" : "%";
  // An objective measured on no sample is not met.
  o.passed = r.status == analysis::ObjectiveResult::Status::pass;
  o.by_default = r.objective.by_default;
  return o;
}

CapacityStep capacity_step(const capacity::StepResult& s, int index, const std::string& line, bool segmented) {
  CapacityStep out;
  out.index = index;
  out.offered_per_s = s.measurement.offered_rate();
  if (segmented) {
    out.segment_offered_per_s = out.offered_per_s;
    out.offered_per_s = s.record.plan.rate;
  }
  out.achieved_per_s = s.measurement.achieved_rate();
  out.verdict = verdict_of(s.record.outcome);
  out.start_s = s.start_s;
  out.end_s = s.end_s;
  out.discard_s = std::chrono::duration<double>(s.record.plan.discard).count();
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
  // What broke first is the verdict's, word for word; the console does not
  // name one when the generator was the bottleneck, nor does the report.
  if (v.kind != analysis::Verdict::Kind::generator_limited) {
    out.limiting_step = v.limiting;
    out.limiting_detail = v.limiting_detail;
  }
  out.reason = std::string(analysis::reason_name(v.reason));
  out.limiting_line = r.limiting_line;
  if (out.limiting_line.empty())
    if (const auto* failing = r.failing_step()) out.limiting_line = busiest_line(failing->measurement);
  out.interval = {v.saturation, v.lowest_failing};
  out.knee_per_s = v.knee;
  if (v.moved) out.capacity_moved = Saturation::Moved{v.moved->low, v.moved->high};
  out.recovery.measured = v.recovery.checked;
  out.recovery.recovered = v.recovery.recovered;
  out.recovery.seconds = std::chrono::duration<double>(v.recovery.time_to_recover).count();
  if (v.recovery.metastable()) out.recovery.note = "metastable: still failing at half the saturation load";
  if (r.usl.supported || !r.usl.why_not.empty() || !r.usl_points.empty()) {
    UslFit fit;
    fit.sigma = r.usl.sigma;
    fit.kappa = r.usl.kappa;
    fit.lambda = r.usl.lambda;
    fit.peak_per_s = r.usl.peak_throughput.value_or(0);
    fit.r2 = r.usl.r2;
    fit.supported = r.usl.supported;
    fit.why_not = r.usl.why_not;
    const auto statement = r.usl_statement();
    fit.use = std::string(capacity::usl_use_name(statement.use));
    fit.text = statement.text;
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
  const auto* at = r.saturation_step();
  const auto* failing = r.failing_step();
  // Saturated below the first step: nothing passed, the objectives are
  // those of the first failing step.
  const auto* read = at ? at : failing;
  std::vector<Objective> out;
  if (!read) return out;
  const auto* limiting = failing ? limiting_objective(r, *failing) : nullptr;
  const auto& results = read->record.judgement.results;
  for (std::size_t i = 0; i < results.size(); ++i) {
    Objective o = objective_of(results[i]);
    if (failing) {
      const auto* there = same_objective(failing->record.judgement, i, results[i].objective);
      if (there && at) o.at_failing = reading_of(*there);
      o.limiting = there && there == limiting;
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace rollcall::report
