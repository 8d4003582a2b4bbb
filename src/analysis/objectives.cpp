#include "analysis/objectives.hpp"

#include <fmt/format.h>

#include "common/duration.hpp"
#include "scenario/load_text.hpp"

namespace rollcall::analysis {

using scenario::Objective;

namespace {

bool matches(const Objective& o, const std::string& persona) { return o.persona.empty() || o.persona == persona; }

// The requests the objective is about, merged. A persona's requests over
// all its steps come from the persona's own count: steps that several
// personas share carry no persona.
Tally requests_of(const Objective& o, const Measurement& m) {
  Tally t;
  if (!o.persona.empty() && o.step.empty()) {
    for (const auto& p : m.personas)
      if (p.persona == o.persona) t.merge(p.requests);
    return t;
  }
  for (const auto& s : m.steps)
    if (matches(o, s.persona) && (o.step.empty() || o.step == s.step)) t.merge(s.tally);
  return t;
}

std::optional<double> latency(const Objective& o, const metrics::Histogram& h) {
  if (h.count() == 0) return std::nullopt;
  switch (o.stat) {
    case Objective::Stat::mean: return h.mean();
    case Objective::Stat::max: return static_cast<double>(h.max());
    case Objective::Stat::percentile: return static_cast<double>(h.percentile(o.percentile));
  }
  return std::nullopt;
}

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

std::optional<double> observe(const Objective& o, const Measurement& m) {
  switch (o.metric) {
    case Objective::Metric::latency: {
      if (!o.step.empty()) return latency(o, requests_of(o, m).latency);
      metrics::Histogram journeys;
      for (const auto& p : m.personas)
        if (matches(o, p.persona)) journeys.merge(p.journey);
      return latency(o, journeys);
    }
    case Objective::Metric::errors: {
      const auto t = requests_of(o, m);
      return ratio(t.errors, t.requests);
    }
    case Objective::Metric::queued: {
      const auto t = requests_of(o, m);
      return ratio(t.queued, t.requests);
    }
    case Objective::Metric::rejected: {
      const auto t = requests_of(o, m);
      return ratio(t.rejected, t.requests);
    }
    case Objective::Metric::completed:
    case Objective::Metric::achieved: {
      std::uint64_t offered = 0, started = 0, completed = 0;
      for (const auto& p : m.personas)
        if (matches(o, p.persona)) {
          offered += p.offered;
          started += p.started;
          completed += p.completed;
        }
      return o.metric == Objective::Metric::completed ? ratio(completed, started) : ratio(completed, offered);
    }
  }
  return std::nullopt;
}

bool holds(Objective::Op op, double observed, double threshold) {
  switch (op) {
    case Objective::Op::less: return observed < threshold;
    case Objective::Op::less_equal: return observed <= threshold;
    case Objective::Op::greater: return observed > threshold;
    case Objective::Op::greater_equal: return observed >= threshold;
  }
  return false;
}

std::string format_value(const Objective& o, double v) {
  if (o.metric == Objective::Metric::latency)
    return format_duration(scenario::Duration(static_cast<std::int64_t>(v * 1e3)));
  return fmt::format("{:.3g}%", v * 100);
}

}  // namespace

std::string subject(const Objective& o) {
  std::string what;
  switch (o.metric) {
    case Objective::Metric::latency:
      what = o.stat == Objective::Stat::mean  ? "mean"
             : o.stat == Objective::Stat::max ? "max"
                                               : fmt::format("p{:g}", o.percentile);
      if (o.step.empty()) what = "journey " + what;
      break;
    case Objective::Metric::errors: what = "errors"; break;
    case Objective::Metric::queued: what = "queued"; break;
    case Objective::Metric::rejected: what = "rejected"; break;
    case Objective::Metric::achieved: what = "achieved"; break;
    case Objective::Metric::completed: what = "completed"; break;
  }
  std::string s = o.step.empty() ? what : o.step + " " + what;
  return o.persona.empty() ? s : o.persona + ": " + s;
}

std::string ObjectiveResult::describe() const {
  const char* status_text = status == Status::pass ? "met" : status == Status::fail ? "failed" : "no data";
  if (status == Status::no_data) return fmt::format("{} (objective {}): no data", subject(objective), objective.text);
  return fmt::format("{} {} (objective {}): {}", subject(objective), format_value(objective, observed), objective.text,
                     status_text);
}

bool Judgement::pass() const {
  for (const auto& r : results)
    if (r.status == ObjectiveResult::Status::fail) return false;
  return true;
}

const ObjectiveResult* Judgement::worst() const {
  const ObjectiveResult* worst = nullptr;
  for (const auto& r : results)
    if (r.status == ObjectiveResult::Status::fail && (!worst || r.excess > worst->excess)) worst = &r;
  return worst;
}

Judgement evaluate(const std::vector<Objective>& objectives, const Measurement& m) {
  Judgement j;
  for (const auto& o : objectives) {
    ObjectiveResult r;
    r.objective = o;
    if (auto v = observe(o, m)) {
      r.observed = *v;
      r.status = holds(o.op, *v, o.threshold) ? ObjectiveResult::Status::pass : ObjectiveResult::Status::fail;
      const bool from_above = o.op == Objective::Op::less || o.op == Objective::Op::less_equal;
      // A zero threshold ("errors < 0%"... or a 0 observed from below) must
      // still order failures: any failure beats none.
      if (from_above)
        r.excess = o.threshold > 0 ? *v / o.threshold : (*v > 0 ? 1e9 : 0);
      else
        r.excess = *v > 0 ? o.threshold / *v : 1e9;
    }
    j.results.push_back(std::move(r));
  }
  return j;
}

std::vector<Objective> default_objectives() {
  std::vector<Objective> out;
  for (const char* text : {"errors < 1%", "rejected < 5%", "achieved >= 95% of offered"}) {
    scenario::TextProblem problem;
    if (auto o = scenario::parse_objective(text, problem)) out.push_back(*o);
  }
  return out;
}

bool generator_could_explain(const ObjectiveResult& failed, double delay_us) {
  const Objective& o = failed.objective;
  const bool bound_from_above = o.op == Objective::Op::less || o.op == Objective::Op::less_equal;
  if (o.metric != Objective::Metric::latency || !bound_from_above) return true;
  return failed.observed - delay_us <= o.threshold;
}

}  // namespace rollcall::analysis
