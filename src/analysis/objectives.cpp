#include "analysis/objectives.hpp"

#include <algorithm>
#include <cmath>

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

// An estimate and its confidence interval, from `samples` samples, which
// are worth `independent` independent ones.
struct Reading {
  double value = 0;
  double low = 0;
  double high = 0;
  std::uint64_t samples = 0;
  double floor = 0;  // latency: the fastest sample
  double independent = 0;
};

// Samples of each part of the stretch as the objective counts them, and
// its events among them: requests, and those of the objective's kind; or
// latencies, and those beyond `beyond_us`. The same selection as
// requests_of() and observe().
struct PartCount {
  double samples = 0;
  double events = 0;
};

double count_beyond(const metrics::Histogram& h, double beyond_us) {
  double n = 0;
  for (std::size_t i = h.filled_begin(); i < h.filled_end(); ++i)
    if (static_cast<double>(h.value_at_index(i)) > beyond_us) n += static_cast<double>(h.count_at_index(i));
  return n;
}

std::vector<PartCount> part_counts(const Objective& o, const Measurement& m, double beyond_us) {
  std::vector<PartCount> out;
  out.reserve(m.parts.size());
  const bool by_persona = o.step.empty() && (o.metric == Objective::Metric::latency || !o.persona.empty());
  auto persona_of = [&](const std::string& line) {
    for (const auto& s : m.steps)
      if (s.step == line) return s.persona;
    return std::string{};
  };
  for (const auto& part : m.parts) {
    PartCount c;
    auto add = [&](const PartTally& t) {
      if (o.metric == Objective::Metric::latency) {
        c.samples += static_cast<double>(t.latency.count());
        c.events += count_beyond(t.latency, beyond_us);
        return;
      }
      c.samples += static_cast<double>(t.requests);
      c.events += static_cast<double>(o.metric == Objective::Metric::errors   ? t.errors
                                      : o.metric == Objective::Metric::queued ? t.queued
                                                                              : t.rejected);
    };
    if (by_persona) {
      for (std::size_t i = 0; i < part.personas.size() && i < m.personas.size(); ++i)
        if (matches(o, m.personas[i].persona)) add(part.personas[i]);
    } else {
      for (const auto& [line, tally] : part.steps)
        if ((o.step.empty() || o.step == line) && matches(o, persona_of(line))) add(tally);
    }
    out.push_back(c);
  }
  return out;
}

// How many times the variance independent samples would give an estimate
// has (the design effect), by batch means: the parts grouped into at most
// `batches` consecutive batches, the spread of the events' share from one
// batch to the next, against the binomial spread of the same share. A
// queue's slow seconds come in runs, and a p95 read over 100 s of a
// two-worker queue rests on far fewer independent samples than its 400
// logins. 1 (no correction) below 5 batches, too few to tell, and when no
// sample or every one is an event.
double design_effect(const std::vector<PartCount>& parts, std::size_t batches = 12) {
  const std::size_t b = std::min(batches, parts.size());
  if (b < 5) return 1;
  std::vector<PartCount> batch(b);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto& into = batch[i * b / parts.size()];
    into.samples += parts[i].samples;
    into.events += parts[i].events;
  }
  double n = 0, a = 0;
  for (const auto& c : batch) {
    n += c.samples;
    a += c.events;
  }
  if (n <= 0 || a <= 0 || a >= n) return 1;
  const double p = a / n;
  double ss = 0;
  for (const auto& c : batch) ss += (c.events - p * c.samples) * (c.events - p * c.samples);
  const auto count = static_cast<double>(b);
  const double spread = count / (count - 1) * ss / (n * n);
  return std::max(1.0, spread / (p * (1 - p) / n));
}

std::optional<Reading> latency(const Objective& o, const metrics::Histogram& h, double z, double deff) {
  if (h.count() == 0) return std::nullopt;
  const auto n = static_cast<double>(h.count()) / deff;
  Reading r;
  r.samples = static_cast<std::uint64_t>(h.count());
  r.independent = n;
  r.floor = static_cast<double>(h.min());
  switch (o.stat) {
    case Objective::Stat::mean: {
      r.value = h.mean();
      const double half = z * h.stddev() / std::sqrt(n);
      r.low = std::max(0.0, r.value - half);
      r.high = r.value + half;
      return r;
    }
    case Objective::Stat::max:
      r.value = r.low = r.high = static_cast<double>(h.max());
      return r;
    case Objective::Stat::percentile: {
      // The q-quantile lies between the order statistics of ranks
      // n·q ± z·sqrt(n·q·(1-q)) (the binomial count of samples below it),
      // n being the samples' worth in independent ones.
      const double q = o.percentile / 100;
      const double half = z * std::sqrt(q * (1 - q) / n);
      r.value = static_cast<double>(h.percentile(o.percentile));
      r.low = static_cast<double>(h.percentile(std::max(0.0, q - half) * 100));
      r.high = static_cast<double>(h.percentile(std::min(1.0, q + half) * 100));
      return r;
    }
  }
  return std::nullopt;
}

// Wilson's score interval: right at 0 and 1 events, where the normal
// approximation gives a zero-width interval.
// Samples worth fewer independent ones (design_effect) count as those.
std::optional<Reading> ratio(std::uint64_t part, std::uint64_t whole, double z, double deff) {
  if (whole == 0) return std::nullopt;
  const double p = static_cast<double>(part) / static_cast<double>(whole);
  const auto n = static_cast<double>(whole) / deff;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return Reading{p, std::max(0.0, centre - half), std::min(1.0, centre + half), whole, 0, n};
}

// Completed journeys against those offered (or started) in the same
// stretch: the journeys that end in it are not those that arrived in it,
// and the difference is the change in journeys under way. For a target
// that keeps up, users under way are about Poisson with mean `users`
// (arrivals from outside, each staying a journey's time), so their change
// over the stretch has a variance of about 2·users. A congested target's
// users slow down and speed up together and wander more: then the
// variance measured about their trend (Measurement::users_variance) is
// used, the trend itself (a backlog that grows) being what must not be
// forgiven. Journeys that fail add a binomial term.
std::optional<Reading> throughput(std::uint64_t completed, std::uint64_t whole, double users, double wander, double z) {
  if (whole == 0) return std::nullopt;
  const auto n = static_cast<double>(whole);
  const double p = std::min(1.0, static_cast<double>(completed) / n);
  const double journeys = std::sqrt(2 * std::max({users, wander, 1.0}) + n * p * (1 - p));
  const double half = z * journeys / n;
  return Reading{static_cast<double>(completed) / n, std::max(0.0, p - half), std::min(1.0, p + half), whole, 0, n};
}

std::optional<Reading> observe(const Objective& o, const Measurement& m, double z) {
  switch (o.metric) {
    case Objective::Metric::latency: {
      metrics::Histogram h;
      if (!o.step.empty()) {
        h = requests_of(o, m).latency;
      } else {
        for (const auto& p : m.personas)
          if (matches(o, p.persona)) h.merge(p.journey);
      }
      // A percentile's precision is that of the share of samples beyond
      // it: beyond the estimate, which always has its tail (beyond the
      // threshold, an estimate well under it has no sample to show how the
      // tail bunches).
      const double deff = o.stat == Objective::Stat::percentile && h.count() > 0
                              ? design_effect(part_counts(o, m, static_cast<double>(h.percentile(o.percentile))))
                              : 1;
      return latency(o, h, z, deff);
    }
    case Objective::Metric::errors: {
      const auto t = requests_of(o, m);
      return ratio(t.errors, t.requests, z, design_effect(part_counts(o, m, 0)));
    }
    case Objective::Metric::queued: {
      const auto t = requests_of(o, m);
      return ratio(t.queued, t.requests, z, design_effect(part_counts(o, m, 0)));
    }
    case Objective::Metric::rejected: {
      const auto t = requests_of(o, m);
      return ratio(t.rejected, t.requests, z, design_effect(part_counts(o, m, 0)));
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
      // The persona's share of the users under way, by its share of the
      // arrivals. Those of a target that keeps up: at the stretch's start
      // (a target that does not keep up piles more up as the stretch goes,
      // and its growing backlog must not widen its own tolerance).
      const double share = m.offered() > 0 ? static_cast<double>(offered) / static_cast<double>(m.offered()) : 1;
      const double steady = m.users_at_start > 0 ? std::min(m.users_at_start, m.users) : m.users;
      const double users = steady * share;
      return throughput(completed, o.metric == Objective::Metric::completed ? started : offered, users,
                        m.users_variance * share * share, z);
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

bool is_throughput(const Objective& o) {
  return o.metric == Objective::Metric::achieved || o.metric == Objective::Metric::completed;
}

}  // namespace

bool from_above(const Objective& o) { return o.op == Objective::Op::less || o.op == Objective::Op::less_equal; }

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
  const char* status_text = status == Status::pass ? "met"
                            : unproven               ? "not shown to hold, failed"
                            : status == Status::fail ? "failed"
                                                     : "no data";
  if (status == Status::no_data) return fmt::format("{} (objective {}): no data, not met", subject(objective), objective.text);
  std::string interval;
  // Samples that hang together (a queue's slow seconds) are worth fewer
  // independent ones: said when it is by much.
  const std::string worth = independent > 0 && independent < 0.8 * static_cast<double>(samples)
                                ? fmt::format(" worth {:.0f}", independent)
                                : "";
  if (samples > 0 && (low != observed || high != observed))
    interval = fmt::format(" [{} - {}, {} samples{}{}]", format_value(objective, low), format_value(objective, high), samples,
                           worth, decided ? "" : ", undecided");
  else if (samples > 0)
    interval = fmt::format(" [{} samples]", samples);
  return fmt::format("{} {}{} (objective {}): {}", subject(objective), format_value(objective, observed), interval,
                     objective.text, status_text);
}

bool Judgement::pass() const {
  for (const auto& r : results)
    if (r.status != ObjectiveResult::Status::pass) return false;
  return true;
}

bool Judgement::decided() const {
  bool all = true;
  for (const auto& r : results) {
    if (r.status == ObjectiveResult::Status::fail && r.decided) return true;
    all = all && r.decided;
  }
  return all;
}

// A failure beyond doubt names the limit before one that more samples
// might have reversed: a short stretch's throughput reads the wander of
// the queue, and its estimate can be further past its threshold than a
// latency that is past its own for certain.
const ObjectiveResult* Judgement::worst() const {
  const ObjectiveResult* worst = nullptr;
  for (const auto& r : results) {
    if (r.status != ObjectiveResult::Status::fail) continue;
    if (!worst || (r.decided && !worst->decided) || (r.decided == worst->decided && r.excess > worst->excess))
      worst = &r;
  }
  return worst;
}

Judgement evaluate(const std::vector<Objective>& objectives, const Measurement& m, Confidence confidence) {
  Judgement j;
  for (const auto& o : objectives) {
    ObjectiveResult r;
    r.objective = o;
    r.decided = false;  // no data: more samples may bring some
    if (auto v = observe(o, m, confidence.z)) {
      r.observed = v->value;
      r.low = v->low;
      r.high = v->high;
      r.samples = v->samples;
      r.independent = v->independent;
      r.floor = v->floor;
      const bool low_holds = holds(o.op, v->low, o.threshold);
      const bool high_holds = holds(o.op, v->high, o.threshold);
      r.decided = low_holds == high_holds;
      // Throughput is given the benefit of its counting noise: it fails
      // only when its whole interval does. So more samples can only turn
      // an estimate below the threshold into a failure: one above it is
      // decided.
      const bool estimate_holds = holds(o.op, v->value, o.threshold);
      const bool met = is_throughput(o) ? (from_above(o) ? low_holds : high_holds) : estimate_holds;
      if (is_throughput(o) && estimate_holds) r.decided = true;
      // ...and fails beyond doubt only on the arrivals it needs: over a
      // short stretch, completions against arrivals read the wander of a
      // busy target's queue (a Poisson burst at 90% of its capacity piles
      // up a dozen users in 5 s, and they are served in the next 5), which
      // its users under way, at the start of so short a stretch, do not
      // measure.
      if (is_throughput(o) && !estimate_holds && v->samples < samples_needed(o)) r.decided = false;
      r.status = met ? ObjectiveResult::Status::pass : ObjectiveResult::Status::fail;
      // A zero threshold ("errors < 0%"... or a 0 observed from below) must
      // still order failures: any failure beats none.
      if (from_above(o))
        r.excess = o.threshold > 0 ? v->value / o.threshold : (v->value > 0 ? 1e9 : 0);
      else
        r.excess = v->value > 0 ? o.threshold / v->value : 1e9;
    }
    j.results.push_back(std::move(r));
  }
  return j;
}

std::uint64_t samples_needed(const Objective& o, double tail) {
  auto at_least = [](double n) { return static_cast<std::uint64_t>(std::ceil(std::max(0.0, n))); };
  switch (o.metric) {
    case Objective::Metric::latency:
      if (o.stat == Objective::Stat::max) return 1;
      if (o.stat == Objective::Stat::mean) return 30;
      return at_least(tail / std::max(1e-4, 1 - o.percentile / 100));
    case Objective::Metric::errors:
    case Objective::Metric::queued:
    case Objective::Metric::rejected:
      return from_above(o) ? at_least(4 / std::max(1e-4, o.threshold)) : 30;
    case Objective::Metric::achieved:
    case Objective::Metric::completed: return at_least(3 / std::max(1e-4, 1 - o.threshold));
  }
  return 1;
}

std::uint64_t journeys_needed(const std::vector<Objective>& objectives, double tail, std::uint64_t floor) {
  std::uint64_t n = floor;
  for (const auto& o : objectives)
    if (o.metric == Objective::Metric::latency) n = std::max(n, samples_needed(o, tail));
  return n;
}

std::vector<Objective> default_objectives() {
  std::vector<Objective> out;
  for (const char* text : {"errors < 1%", "rejected < 5%", "achieved >= 95% of offered"}) {
    scenario::TextProblem problem;
    if (auto o = scenario::parse_objective(text, problem)) out.push_back(*o);
  }
  return out;
}

namespace {

std::string_view guard_name(Objective::Metric m) {
  switch (m) {
    case Objective::Metric::errors: return "errors";
    case Objective::Metric::rejected: return "rejected";
    case Objective::Metric::achieved: return "achieved";
    default: return "";
  }
}

}  // namespace

bool is_guard_name(std::string_view name) {
  const auto guards = default_objectives();
  return std::any_of(guards.begin(), guards.end(), [&](const Objective& g) { return guard_name(g.metric) == name; });
}

std::vector<Objective> with_guards(std::vector<Objective> objectives, const std::vector<std::string>& turned_off) {
  for (const auto& guard : default_objectives()) {
    const auto name = guard_name(guard.metric);
    if (std::find(turned_off.begin(), turned_off.end(), name) != turned_off.end()) continue;
    const bool given = std::any_of(objectives.begin(), objectives.end(), [&](const Objective& o) {
      return o.metric == guard.metric && o.step.empty() && o.persona.empty();
    });
    if (!given) objectives.push_back(guard);
  }
  return objectives;
}

bool generator_could_explain(const ObjectiveResult& failed, double delay_us) {
  const Objective& o = failed.objective;
  if (o.metric != Objective::Metric::latency || !from_above(o)) return true;
  return failed.observed - delay_us <= o.threshold;
}

}  // namespace rollcall::analysis
