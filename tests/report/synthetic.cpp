#include "synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "metrics/histogram.hpp"

namespace rollcall::test {

using namespace rollcall::report;

Objective objective_record(std::string name, std::string comparator, double measured, double bound, std::string unit,
                           bool passed) {
  Objective o;
  o.name = std::move(name);
  o.comparator = std::move(comparator);
  o.measured = o.low = o.high = measured;
  o.bound = bound;
  o.unit = std::move(unit);
  o.passed = passed;
  return o;
}

Results synthetic_results(const SyntheticOptions& o) {
  Results r;
  r.run.kind = o.capacity ? "capacity" : "run";
  r.run.scenario = "scenarios/morning-rush.yaml";
  r.run.target = "https://ent.example.fr";
  r.run.rollcall_version = "0.1.0";
  r.run.host = "injector-1";
  r.run.started_at = 1'790'000'000.0;
  r.run.steps = {"login > cas", "cas > ticket", "portal home", "timetable", "grades", "messages"};
  r.run.personas = {"student", "parent", "teacher"};
  r.run.config = boost::json::object{{"scenario", r.run.scenario}, {"load", {{"rate", 40}}}};

  std::mt19937 rng(o.seed);
  std::lognormal_distribution<double> noise(0.0, 0.35);
  metrics::Histogram h;
  const int rungs = o.capacity ? std::max(1, o.seconds / o.rung_s) : 1;
  for (int t = 0; t < o.seconds; ++t) {
    const int rung = o.capacity ? std::min(rungs - 1, t / o.rung_s) : 0;
    const double offered = o.capacity ? 10.0 * (rung + 1) : 40.0;
    const double load = offered / (10.0 * rungs);  // 0..1
    Interval in;
    in.t_s = t;
    in.length_s = 1;
    in.offered_per_s = offered;
    in.achieved_per_s = offered * (load > 0.8 ? 0.9 : 1.0);
    for (std::size_t s = 0; s < r.run.steps.size(); ++s) {
      StepInterval si;
      si.step = r.run.steps[s];
      h.reset();
      const double base_us = (20'000.0 + 8'000.0 * static_cast<double>(s)) * o.latency_scale * (1 + 4 * load * load);
      for (int k = 0; k < o.samples_per_step; ++k) h.record(static_cast<std::int64_t>(base_us * noise(rng)));
      const auto errors = static_cast<std::uint64_t>(load > 0.8 && s == 0 ? 3 : 0);
      si.outcomes[static_cast<std::size_t>(Outcome::success)] = static_cast<std::uint64_t>(o.samples_per_step) - errors;
      si.outcomes[static_cast<std::size_t>(Outcome::http_error)] = errors;
      if (errors) si.failures["http_5xx"] = errors;
      set_histogram(si, h);
      in.steps.push_back(std::move(si));
    }
    for (const auto& p : r.run.personas)
    {
      PersonaInterval pi{p, 5, 4, load > 0.8 ? 1u : 0u, 0, 1, 0, 0, 0, {}, 0, 0, {}};
      if (load > 0.8) pi.failures["http_5xx"] = 1;
      in.personas.push_back(std::move(pi));
    }
    in.generator.loop_lag_p99_ms = 0.5 + 0.1 * (t % 7);
    in.generator.cpu_percent = 30 + 50 * load;
    in.generator.lateness_p99_ms = 1.0 + (t % 13 == 0 ? 40 : 0);
    if (t % 600 == 599) {
      in.generator.valid = false;
      in.generator.invalid_reason = "loop lag p99 above 50 ms";
    }
    r.intervals.push_back(std::move(in));
  }
  if (o.capacity) {
    for (int k = 0; k < rungs; ++k) {
      CapacityStep s;
      s.index = k + 1;
      s.offered_per_s = 10.0 * (k + 1);
      s.achieved_per_s = s.offered_per_s * (k >= rungs - 2 ? 0.9 : 1.0);
      s.verdict = k >= rungs - 2 ? Verdict::fail : Verdict::pass;
      if (k == 1) s.verdict = Verdict::invalid;
      s.start_s = k * o.rung_s;
      s.end_s = (k + 1) * o.rung_s;
      s.limiting_step = "login > cas";
      s.p50_ms = 20 + 5.0 * k;
      s.p95_ms = 40 + 12.0 * k * k;
      s.p99_ms = 60 + 20.0 * k * k;
      s.error_ratio = k >= rungs - 2 ? 0.15 : 0.0;
      s.reason = s.verdict == Verdict::fail ? "p95 above 800 ms" : "";
      r.capacity_steps.push_back(s);
    }
    Saturation sat;
    sat.rate_per_s = 10.0 * (rungs - 2);
    sat.limiting_step = "login > cas";
    sat.reason = "p95 of login > cas above 800 ms";
    sat.interval = {sat.rate_per_s, sat.rate_per_s + 10};
    sat.knee_per_s = sat.rate_per_s * 0.7;
    sat.recovery = Recovery{true, true, 12.5, "objectives met again 12.5 s after the load dropped"};
    sat.usl = UslFit{};
    sat.usl->sigma = 0.002;
    sat.usl->kappa = 0.00002;
    sat.usl->lambda = 1.0;
    sat.usl->r2 = 0.97;
    sat.usl->supported = true;
    sat.usl->peak_per_s = std::sqrt((1 - sat.usl->sigma) / sat.usl->kappa);
    sat.plan = CapacityPlan{1200, 40, "Monday 8:00, 1200 students"};
    r.saturation = sat;
  }
  r.objectives = {objective_record("p95 login > cas", "<=", 850, 800, "ms", false),
                  objective_record("error ratio", "<=", 0.4, 1, "%", true)};
  r.end = RunEnd{static_cast<double>(o.seconds), false, 1, {}, 0};
  compute_totals(r);
  return r;
}

}  // namespace rollcall::test
