#include "report/capacity_summary.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "analysis/objectives.hpp"
#include "common/duration.hpp"
#include "report/capacity_records.hpp"
#include "report/capacity_story.hpp"
#include "report/format.hpp"

namespace rollcall::report {

namespace json = boost::json;
using capacity::CapacityResult;
using capacity::StepResult;

namespace {

double ratio(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

std::string generator_cell(const StepResult& s) {
  if (!s.record.generator_problems.empty()) return "LIMITED";
  return fmt::format("ok {:.0f}ms {:.0f}%", s.measurement.generator.loop_lag_p99_ms, s.measurement.generator.cpu * 100);
}

std::string verdict_cell(const StepResult& s) {
  std::string v(analysis::outcome_name(s.record.outcome));
  if (s.record.plan.phase == analysis::Phase::recovery)
    v = "see below";
  else if (s.record.outcome == analysis::Outcome::unjudged && !s.record.judgement.results.empty())
    v = s.record.judgement.pass() ? "(meets)" : "(fails)";
  if (s.record.aborted) v += ", aborted";
  return v;
}

std::string percent(double r) { return fmt::format("{:.1f}%", r * 100); }

json::object histogram_json(const metrics::Histogram& h) {
  return {{"count", h.count()},
          {"p50_ms", ms(h.percentile(50))},
          {"p95_ms", ms(h.percentile(95))},
          {"p99_ms", ms(h.percentile(99))},
          {"max_ms", ms(h.max())},
          {"mean_ms", h.mean() / 1e3}};
}

json::object measurement_json(const analysis::Measurement& m) {
  const auto all = m.requests();
  json::array lines;
  for (const auto& s : m.steps) {
    json::object line = histogram_json(s.tally.latency);
    line["name"] = s.step;
    line["requests"] = s.tally.requests;
    line["errors"] = s.tally.errors;
    line["queued"] = s.tally.queued;
    line["rejected"] = s.tally.rejected;
    lines.push_back(std::move(line));
  }
  json::array personas;
  for (const auto& p : m.personas)
    personas.push_back(json::object{{"name", p.persona},
                                    {"offered", p.offered},
                                    {"started", p.started},
                                    {"completed", p.completed},
                                    {"journey", histogram_json(p.journey)}});
  return {{"seconds", m.seconds},
          {"users", m.users},
          {"users_at_start", m.users_at_start},
          {"users_at_end", m.users_at_end},
          {"users_variance", m.users_variance},
          {"offered", m.offered()},
          {"started", m.started()},
          {"completed", m.completed()},
          {"requests", all.requests},
          {"errors", all.errors},
          {"queued", all.queued},
          {"rejected", all.rejected},
          {"journey", histogram_json(m.journeys())},
          {"steps", std::move(lines)},
          {"personas", std::move(personas)},
          {"generator", json::object{{"loop_lag_p99_ms", m.generator.loop_lag_p99_ms},
                                     {"lateness_p99_ms", m.generator.lateness_p99_ms},
                                     {"cpu", m.generator.cpu}}}};
}

// The JSON's units: ms for latency, the ratio itself otherwise.
double in_unit(const analysis::ObjectiveResult& r, double v) {
  return r.objective.metric == scenario::Objective::Metric::latency ? v / 1e3 : v;
}

json::array judgement_json(const analysis::Judgement& j) {
  json::array out;
  for (const auto& r : j.results)
    out.push_back(json::object{{"objective", r.objective.text},
                               {"subject", analysis::subject(r.objective)},
                               {"status", r.status == analysis::ObjectiveResult::Status::pass   ? "pass"
                                          : r.status == analysis::ObjectiveResult::Status::fail ? "fail"
                                                                                                : "no_data"},
                               {"observed", in_unit(r, r.observed)},
                               {"unit", r.objective.metric == scenario::Objective::Metric::latency ? "ms" : "ratio"},
                               {"samples", r.samples},
                               {"independent_samples", std::round(r.independent * 10) / 10},
                               {"low", in_unit(r, r.samples > 0 ? r.low : r.observed)},
                               {"high", in_unit(r, r.samples > 0 ? r.high : r.observed)},
                               {"decided", r.decided},
                               {"unproven", r.unproven},
                               {"excess", r.excess},
                               {"text", r.describe()}});
  return out;
}

std::string_view step_verdict(const StepResult& s) {
  switch (s.record.outcome) {
    case analysis::Outcome::pass: return "pass";
    case analysis::Outcome::fail: return "fail";
    case analysis::Outcome::invalid: return "invalid";
    case analysis::Outcome::unjudged: return "unjudged";
  }
  return "unjudged";
}

json::object step_json(const StepResult& s, const std::string& line) {
  const auto latency = s.measurement.line_latency(line);
  const auto all = s.measurement.requests();
  json::array problems;
  for (const auto& p : s.record.generator_problems) problems.push_back(json::string(p));
  json::array failures;
  for (const auto& f : s.failures) failures.push_back(json::string(f));
  json::array windows;
  for (std::size_t i = 0; i < s.windows.size(); ++i) windows.push_back(measurement_json(s.windows[i]));
  return {{"index", s.record.plan.index},
          {"phase", std::string(analysis::phase_name(s.record.plan.phase))},
          {"offered_per_s", s.record.plan.rate},
          {"measured_offered_per_s", s.record.offered_rate},
          {"achieved_per_s", s.record.achieved_rate},
          {"requests_per_s", s.requests_per_s},
          {"users", s.users},
          {"verdict", step_verdict(s)},
          {"aborted", s.record.aborted},
          {"hold_s", seconds(s.record.plan.hold)},
          {"discard_s", seconds(s.record.plan.discard)},
          {"max_hold_s", seconds(std::max(s.record.plan.hold, s.record.plan.max_hold))},
          {"cooldown_s", seconds(s.record.plan.cooldown)},
          {"users_at_end", s.record.users_at_end},
          {"judged_s", s.record.judged_s},
          {"decided", s.record.decided},
          {"wall_s", s.wall_s},
          {"limiting_latency", histogram_json(latency)},
          {"journey_p95_ms", s.record.journey_p95_ms},
          {"error_ratio", ratio(all.errors, all.requests)},
          {"queued_ratio", ratio(all.queued, all.requests)},
          {"rejected_ratio", ratio(all.rejected, all.requests)},
          {"generator_problems", std::move(problems)},
          {"failures", std::move(failures)},
          {"objectives", judgement_json(s.record.judgement)},
          {"measurement", measurement_json(s.measurement)},
          {"windows", std::move(windows)}};
}

// Which step the objectives were read from: its index in steps[] and what
// each objective read there.
json::value judged_at_json(const CapacityResult& r, const StepResult* s) {
  if (!s) return nullptr;
  return json::object{{"step", static_cast<std::uint64_t>(s - r.steps.data())},
                      {"offered_per_s", s->record.plan.rate},
                      {"objectives", judgement_json(s->record.judgement)}};
}

// One row per objective: its bound, then its reading and status at the
// saturation point and at the first failing step.
std::string objectives_text(const CapacityResult& r) {
  const Strings& words = strings(Lang::en);
  const auto objectives = objectives_of(r);
  if (objectives.empty()) return {};
  const bool at_saturation = r.saturation_step() != nullptr;
  const bool failing = at_saturation && r.failing_step() != nullptr;
  auto cell = [&](const ObjectiveReading& reading, const Objective& o, bool limiting) {
    return fmt::format("{}: {}{}", status_text(words, reading.status), reading_text(words, reading, o.unit),
                       limiting ? fmt::format(" ({})", words.limiting_word) : "");
  };
  std::vector<std::array<std::string, 3>> rows;
  rows.push_back({std::string(words.objective),
                  at_saturation ? fill(words.at_saturation, {{"rate", rate_text(words, r.verdict.saturation)}})
                                : fill(words.at_failing, {{"rate", rate_text(words, r.verdict.lowest_failing)}}),
                  failing ? fill(words.at_failing, {{"rate", rate_text(words, r.verdict.lowest_failing)}}) : ""});
  for (const auto& o : objectives)
    rows.push_back({objective_label(o), cell(o.reading(), o, o.limiting && !failing),
                    o.at_failing ? cell(*o.at_failing, o, o.limiting) : ""});
  std::size_t w0 = 0, w1 = 0;
  for (const auto& row : rows) {
    w0 = std::max(w0, row[0].size());
    w1 = std::max(w1, row[1].size());
  }
  std::string out = objectives_headline(words, objectives, at_saturation ? std::optional(r.verdict.saturation) : std::nullopt) + "\n";
  for (const auto& row : rows) {
    std::string line = fmt::format("  {:<{}}  {:<{}}  {}", row[0], w0, row[1], w1, row[2]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string_view kind_name(analysis::Verdict::Kind k) {
  using Kind = analysis::Verdict::Kind;
  switch (k) {
    case Kind::pending: return "pending";
    case Kind::saturated: return "saturated";
    case Kind::not_reached: return "not_reached";
    case Kind::below_start: return "below_start";
    case Kind::generator_limited: return "generator_limited";
    case Kind::inconclusive: return "inconclusive";
  }
  return "pending";
}

}  // namespace

std::string capacity_step_line(const StepResult& s) {
  const auto all = s.measurement.requests();
  // How long it was judged, and on how many journeys: low rates run longer
  // steps, and an undecided one says so.
  const auto journeys = s.measurement.offered();
  std::string judged;
  if (s.record.plan.phase != analysis::Phase::recovery && s.record.judged_s > 0)
    judged = fmt::format(" ({:.0f}s, {} journeys{})", s.record.judged_s, journeys,
                         s.record.outcome != analysis::Outcome::unjudged && !s.record.decided ? ", undecided at its cap" : "");
  return fmt::format("step {:>2} {:<12} {:>8.4g}/s offered, {:>8.4g}/s achieved, journey p95 {}, errors {}, rejected {}: {}{}\n",
                     s.record.plan.index, analysis::phase_name(s.record.plan.phase), s.record.plan.rate,
                     s.record.achieved_rate, human_latency(static_cast<std::int64_t>(s.record.journey_p95_ms * 1e3)),
                     percent(ratio(all.errors, all.requests)), percent(ratio(all.rejected, all.requests)), verdict_cell(s),
                     judged);
}

std::string capacity_summary_text(const CapacityResult& r) {
  std::string out;
  const std::string line = r.limiting_line.empty() ? "journey" : r.limiting_line;
  out += fmt::format("Capacity search: {} steps in {}, objectives: ", r.steps.size(),
                     format_duration(std::chrono::seconds(static_cast<long>(r.duration_s + 0.5))));
  for (std::size_t i = 0; i < r.objectives.size(); ++i) out += (i ? ", " : "") + r.objectives[i].text;
  out += "\n\n";
  out += fmt::format("{:>3}  {:<12} {:>10} {:>10}  {:>9} {:>9} {:>9}  {:>7} {:>7} {:>8}  {:<15} {}\n", "#", "phase",
                     "offered/s", "achieved/s", "p50", "p95", "p99", "errors", "queued", "rejected", "generator", "verdict");
  out += fmt::format("{:>3}  {:<12} {:>10} {:>10}  {:^29}\n", "", "", "", "", "(" + line + ")");
  for (const auto& s : r.steps) {
    const auto latency = s.measurement.line_latency(r.limiting_line);
    const auto all = s.measurement.requests();
    out += fmt::format("{:>3}  {:<12} {:>10.4g} {:>10.4g}  {:>9} {:>9} {:>9}  {:>7} {:>7} {:>8}  {:<15} {}\n",
                       s.record.plan.index, analysis::phase_name(s.record.plan.phase), s.record.plan.rate,
                       s.record.achieved_rate, human_latency(latency.percentile(50)), human_latency(latency.percentile(95)),
                       human_latency(latency.percentile(99)), percent(ratio(all.errors, all.requests)),
                       percent(ratio(all.queued, all.requests)), percent(ratio(all.rejected, all.requests)),
                       generator_cell(s), verdict_cell(s));
    for (const auto& p : s.record.generator_problems) out += fmt::format("{:>18} generator: {}\n", "", p);
  }
  out += "\n";
  for (const auto& sentence : r.sentences()) out += sentence + "\n";
  if (const auto objectives = objectives_text(r); !objectives.empty()) out += "\n" + objectives;
  return out;
}

std::string capacity_summary_json(const CapacityResult& r) {
  const auto& v = r.verdict;
  json::array steps;
  for (const auto& s : r.steps) steps.push_back(step_json(s, r.limiting_line));

  json::object recovery{{"checked", v.recovery.checked},
                        {"recovered", v.recovery.recovered},
                        {"metastable", v.recovery.metastable()},
                        {"retrying_personas", r.retrying_personas},
                        {"rate_per_s", v.saturation * r.settings.recovery_fraction},
                        {"hold_s", seconds(r.settings.recovery_hold)},
                        {"window_s", seconds(r.settings.recovery_window)}};
  if (v.recovery.recovered) recovery["time_to_recover_s"] = seconds(v.recovery.time_to_recover);
  else recovery["time_to_recover_s"] = nullptr;

  json::array points;
  for (const auto& p : r.usl_points) points.push_back(json::object{{"offered_per_s", p.load}, {"achieved_per_s", p.throughput}});
  const auto statement = r.usl_statement();
  json::object usl{{"supported", r.usl.supported},
                   {"points", std::move(points)},
                   {"use", std::string(capacity::usl_use_name(statement.use))},
                   {"text", statement.text}};
  if (r.usl.supported) {
    usl["lambda"] = r.usl.lambda;
    usl["sigma"] = r.usl.sigma;
    usl["kappa"] = r.usl.kappa;
    usl["r2"] = r.usl.r2;
    usl["peak_load_per_s"] = r.usl.peak_load ? json::value(*r.usl.peak_load) : json::value(nullptr);
    usl["peak_throughput_per_s"] = r.usl.peak_throughput ? json::value(*r.usl.peak_throughput) : json::value(nullptr);
  } else {
    usl["why_not"] = r.usl.why_not;
  }

  json::value plan = nullptr;
  if (r.plan)
    plan = json::object{{"known", r.plan->known},
                        {"logins", r.plan->logins},
                        {"needed_per_s", r.plan->needed},
                        {"saturation_per_s", r.plan->saturation},
                        {"margin", r.plan->margin},
                        {"shortfall", r.plan->known && r.plan->margin < 0},
                        {"from_profile", r.plan->from_profile},
                        {"window_minutes", r.plan->window_minutes},
                        {"peak_share", r.plan->peak_share},
                        {"sentence", r.plan->sentence}};

  json::array objectives;
  for (const auto& o : r.objectives) objectives.push_back(json::string(o.text));  // every one judged, guards included
  json::array sentences;
  for (const auto& s : r.sentences()) sentences.push_back(json::string(s));
  const auto& st = r.settings;
  json::object settings{{"start_rate", st.start_rate},   {"growth", st.growth},
                        {"increment", st.increment},     {"hold_s", seconds(st.hold)},
                        {"transient_s", seconds(st.transient)}, {"warmup_s", seconds(st.warmup)},
                        {"resolution", st.resolution},   {"max_rate", st.max_rate},
                        {"recovery", st.recovery},       {"recovery_fraction", st.recovery_fraction},
                        {"abort_error_ratio", st.abort.error_ratio}, {"abort_window_s", seconds(st.abort.window)},
                        {"max_extension", st.max_extension}, {"max_step_s", seconds(st.max_judged)},
                        {"limits", json::object{{"loop_lag_p99_ms", st.limits.loop_lag_p99_ms},
                                                {"lateness_p99_ms", st.limits.lateness_p99_ms},
                                                {"cpu", st.limits.cpu}}}};

  json::object saturation{
      {"kind", kind_name(v.kind)},
      {"rate_per_s", v.kind == analysis::Verdict::Kind::generator_limited || v.saturation <= 0 ? json::value(nullptr)
                                                                                                : json::value(v.saturation)},
      {"highest_passing_per_s", v.saturation},
      {"requests_per_s", r.requests_per_s},
      {"concurrent_users", r.concurrent_users},
      {"limiting_step", v.limiting.empty() ? json::value(nullptr) : json::value(v.limiting)},
      {"limiting_line", r.limiting_line},
      {"limiting_detail", v.limiting_detail},
      {"reason", v.reason == analysis::Reason::none ? json::value(nullptr) : json::value(analysis::reason_name(v.reason))},
      {"interval", json::array{v.saturation, v.lowest_failing > 0 ? json::value(v.lowest_failing) : json::value(nullptr)}},
      {"confirmed", v.confirmed},
      {"knee_per_s", v.knee ? json::value(*v.knee) : json::value(nullptr)},
      {"capacity_moved", v.moved ? json::value(json::object{{"low_per_s", v.moved->low}, {"high_per_s", v.moved->high}})
                                 : json::value(nullptr)},
      {"at_saturation", judged_at_json(r, r.saturation_step())},
      {"at_failing_step", judged_at_json(r, r.failing_step())},
      {"generator_limited", v.kind == analysis::Verdict::Kind::generator_limited},
      {"generator_limit_per_s", v.kind == analysis::Verdict::Kind::generator_limited ? json::value(v.generator_limit)
                                                                                     : json::value(nullptr)},
      {"interrupted", r.interrupted},
      {"duration_s", r.duration_s},
      {"sentence", v.sentence()},
      {"sentences", std::move(sentences)},
      {"objectives", std::move(objectives)},
      {"settings", std::move(settings)},
      {"steps", std::move(steps)},
      {"recovery", std::move(recovery)},
      {"usl", std::move(usl)},
      {"plan", std::move(plan)}};
  return json::serialize(json::object{{"saturation", std::move(saturation)}}) + "\n";
}

}  // namespace rollcall::report
