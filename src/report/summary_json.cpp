#include "report/summary_json.hpp"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "report/capacity_story.hpp"
#include "report/format.hpp"
#include "report/results_json.hpp"

namespace rollcall::report {

namespace json = boost::json;

namespace {

json::object latency_json(const StepTotals& s) {
  return {{"mean", s.latency.mean() / 1000.0}, {"p50", ms(s.percentile(50))}, {"p90", ms(s.percentile(90))},
          {"p95", ms(s.percentile(95))},       {"p99", ms(s.percentile(99))}, {"p999", ms(s.percentile(99.9))},
          {"max", ms(s.max_us > 0 ? s.max_us : s.latency.max())}};
}

json::object step_json(const StepTotals& s) {
  json::object outcomes;
  for (std::size_t i = 0; i < outcome_count; ++i) outcomes[engine::outcome_name(static_cast<Outcome>(i))] = s.outcomes[i];
  json::object failures;
  for (const auto& [k, v] : s.failures) failures[k] = v;
  // The exact max is the largest interval max; the merged histogram only knows buckets.
  return {{"name", s.step},
          {"count", s.count()},
          {"errors", s.errors()},
          {"error_ratio", s.error_ratio()},
          {"outcomes", std::move(outcomes)},
          {"failures", std::move(failures)},
          {"latency_ms", latency_json(s)},
          {"bytes_read", s.bytes_read},
          {"decoded_bytes", s.decoded_bytes}};
}

json::object generator_json(const Results& r) {
  double lag = 0, cpu = 0, lateness = 0;
  std::uint64_t unsent = 0, invalid = 0;
  for (const auto& i : r.intervals) {
    lag = std::max(lag, i.generator.loop_lag_p99_ms);
    cpu = std::max(cpu, i.generator.cpu_percent);
    lateness = std::max(lateness, i.generator.lateness_p99_ms);
    unsent += i.generator.unsent;
    invalid += i.generator.valid ? 0 : 1;
  }
  return {{"loop_lag_ms_p99_max", lag},
          {"cpu_percent_max", cpu},
          {"lateness_ms_p99_max", lateness},
          {"unsent", unsent},
          {"invalid_intervals", invalid}};
}

json::object arrivals_json(const Results& r) {
  double offered = 0, achieved = 0;
  for (const auto& i : r.intervals) {
    offered += i.offered_per_s * i.length_s;
    achieved += i.achieved_per_s * i.length_s;
  }
  return {{"offered", offered}, {"achieved", achieved}};
}

// Every request attempt and its one outcome, summed over the intervals
// (docs/results-format.md "Accounting"); null for a stream that predates it.
json::value accounting_json(const Results& r) {
  IntervalAccounting sum;
  bool any = false;
  for (const auto& i : r.intervals) {
    if (!i.accounting) continue;
    any = true;
    sum.requests += i.accounting->requests;
    sum.not_sent += i.accounting->not_sent;
    sum.unfinished += i.accounting->unfinished;
    sum.stale_retries += i.accounting->stale_retries;
    sum.internal_errors += i.accounting->internal_errors;
  }
  if (!any) return nullptr;
  std::uint64_t outcomes = sum.unfinished;
  for (const auto& s : r.step_totals) outcomes += s.count();
  const std::uint64_t attempts = sum.requests + sum.not_sent;
  std::uint64_t started = 0, ended = 0;
  for (const auto& p : r.persona_totals) {
    started += p.started;
    ended += p.completed + p.failed + p.abandoned;
  }
  return json::object{{"attempts", attempts},
                      {"outcomes", outcomes},
                      {"difference", static_cast<std::int64_t>(attempts) - static_cast<std::int64_t>(outcomes)},
                      {"requests", sum.requests},
                      {"not_sent", sum.not_sent},
                      {"unfinished", sum.unfinished},
                      {"stale_retries", sum.stale_retries},
                      {"internal_errors", sum.internal_errors},
                      {"journeys_started", started},
                      {"journeys_ended", ended},
                      {"journeys_difference", static_cast<std::int64_t>(started) - static_cast<std::int64_t>(ended)}};
}

}  // namespace

bool objectives_passed(const Results& r) {
  return std::all_of(r.objectives.begin(), r.objectives.end(), [](const Objective& o) { return o.passed; });
}

std::string summary_json(const Results& r) {
  json::array steps;
  for (const auto& s : r.step_totals) steps.push_back(step_json(s));
  json::array personas;
  for (const auto& p : r.persona_totals) {
    json::object failures;
    for (const auto& [k, v] : p.failures) failures[k] = v;
    personas.push_back(json::object{{"name", p.persona},       {"started", p.started},
                                    {"completed", p.completed}, {"failed", p.failed},
                                    {"abandoned", p.abandoned}, {"retries", p.retries},
                                    {"restarts", p.restarts},   {"queued", p.queued},
                                    {"rejected", p.rejected},   {"failures", std::move(failures)}});
  }
  json::array objectives;
  std::size_t failed = 0;
  for (const auto& o : r.objectives) {
    objectives.push_back(to_json(o));
    failed += o.passed ? 0 : 1;
  }
  json::object out;
  out["schema"] = summary_schema;
  out["kind"] = r.run.kind;
  out["scenario"] = r.run.scenario;
  out["target"] = r.run.target;
  out["rollcall"] = r.run.rollcall_version;
  out["host"] = r.run.host;
  // A merged run (`rollcall merge`): how many generators carried the load, and each one.
  out["generators"] = r.run.generators;
  json::array segments;
  for (const auto& g : r.run.segments)
    segments.push_back(json::object{{"index", g.index}, {"count", g.count}, {"host", g.host}, {"started_at", g.started_at}});
  out["segments"] = std::move(segments);
  out["started_at"] = r.run.started_at;
  // A distributed run's part: which segment, and the instant they shared.
  if (r.run.start_at) out["start_at"] = *r.run.start_at;
  if (r.run.segment) out["segment"] = json::object{{"index", r.run.segment->index}, {"count", r.run.segment->count}};
  out["duration_s"] = duration_s(r);
  out["interval_s"] = r.run.interval_s;
  out["intervals"] = r.intervals.size();
  // complete: the run wrote its end record; false after a crash or SIGKILL.
  out["complete"] = r.end.has_value();
  out["truncated_tail"] = r.truncated_tail;
  out["interrupted"] = r.end ? r.end->interrupted : false;
  // null, or the abort_on_fail objective that ended the run and when.
  out["aborted"] = r.end && !r.end->aborted_by.empty()
                       ? json::value(json::object{{"objective", r.end->aborted_by}, {"after_s", r.end->aborted_after_s}})
                       : json::value(nullptr);
  out["exit_code"] = r.end ? json::value(r.end->exit_code) : json::value(nullptr);
  json::object verdict{{"objectives_passed", objectives_passed(r)},
                       {"objectives_failed", failed},
                       {"limiting_step", limiting_step(r)}};
  verdict["saturation_per_s"] = r.saturation ? json::value(r.saturation->rate_per_s) : json::value(nullptr);
  if (r.saturation) {
    verdict["reason"] = r.saturation->reason;
    verdict["limiting_detail"] = r.saturation->limiting_detail;
  }
  out["verdict"] = std::move(verdict);
  out["steps"] = std::move(steps);
  out["personas"] = std::move(personas);
  out["arrivals"] = arrivals_json(r);
  // The steps' sums: bytes of requests cut by the end of the run have no step.
  std::uint64_t bytes_read = 0, decoded_bytes = 0;
  for (const auto& s : r.step_totals) {
    bytes_read += s.bytes_read;
    decoded_bytes += s.decoded_bytes;
  }
  out["bytes_read"] = bytes_read;
  out["decoded_bytes"] = decoded_bytes;
  out["generator"] = generator_json(r);
  out["accounting"] = accounting_json(r);
  if (!r.capacity_steps.empty() || r.saturation) {
    json::array rungs;
    for (const auto& s : r.capacity_steps) rungs.push_back(to_json(s));
    // The verdict's sentences as the console and junit.xml say them.
    json::array sentences;
    if (r.saturation)
      for (const auto& s : story_sentences(strings(Lang::en), *r.saturation)) sentences.push_back(json::string(s));
    out["capacity"] = json::object{{"steps", std::move(rungs)},
                                   {"saturation", r.saturation ? json::value(to_json(*r.saturation)) : json::value(nullptr)},
                                   {"sentences", std::move(sentences)}};
  } else {
    out["capacity"] = nullptr;
  }
  out["objectives"] = std::move(objectives);
  out["config"] = r.run.config;
  return json::serialize(out) + "\n";
}

}  // namespace rollcall::report
