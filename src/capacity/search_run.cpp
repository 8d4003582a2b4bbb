#include "capacity/search_run.hpp"

#include <chrono>

#include <fmt/format.h>

#include "analysis/objectives.hpp"
#include "engine/interrupts.hpp"
#include "http/failure.hpp"

namespace rollcall::capacity {

namespace {

StepResult step_result(const analysis::StepRecord& record, const StepRun& run) {
  StepResult s;
  s.start_s = run.offset_s + run.from_s;
  s.end_s = run.offset_s + run.to_s;
  s.record = record;
  s.measurement = run.measured.measurement;
  s.windows = run.measured.windows;
  s.requests_per_s = run.requests_per_s;
  s.users = run.users;
  s.wall_s = run.wall_s;
  for (const auto& line : run.stats.steps()) {
    for (std::size_t f = 0; f < line.failures.size(); ++f)
      if (line.failures[f] > 0)
        s.failures.push_back(fmt::format("{}: {} x{}", line.name, http::failure_name(static_cast<http::Failure>(f)), line.failures[f]));
    for (const auto& message : line.expectation_messages) s.failures.push_back(fmt::format("{}: {}", line.name, message));
  }
  return s;
}

// The failed step at the lowest failing rate: what the verdict's limiting
// objective was read from.
const StepResult* limiting_step(const CapacityResult& r) {
  const StepResult* found = nullptr;
  for (const auto& s : r.steps)
    if (s.record.outcome == analysis::Outcome::fail && s.record.plan.rate == r.verdict.lowest_failing) found = &s;
  return found;
}

void fill_saturation_units(CapacityResult& r) {
  // The last passing run at the saturation rate (the confirmation, if any).
  for (const auto& s : r.steps)
    if (s.record.outcome == analysis::Outcome::pass && s.record.plan.rate == r.verdict.saturation) {
      r.requests_per_s = s.requests_per_s;
      r.concurrent_users = s.users;
    }
  if (const auto* failed = limiting_step(r))
    if (const auto* worst = failed->record.judgement.worst()) r.limiting_line = worst->objective.step;
}

// No load until `until`; true when Ctrl-C (or SIGTERM) came meanwhile.
bool pause_until(engine::TimePoint until) { return !engine::SignalWait().sleep_until(until); }

bool pause(std::chrono::nanoseconds d) { return pause_until(engine::Clock::now() + d); }

}  // namespace

bool has_retrying_persona(const scenario::Scenario& scenario) {
  for (const auto& p : scenario.personas)
    if (!p.on_failure.none && (p.on_failure.retries > 0 || p.on_failure.restarts > 0)) return true;
  return false;
}

CapacityResult run_capacity_search(const scenario::Scenario& scenario, const SearchOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  CapacityResult result;
  result.settings = options.search;
  result.objectives = options.objectives.empty() ? analysis::default_objectives() : options.objectives;
  result.retrying_personas = has_retrying_persona(scenario);

  analysis::CapacitySearch search(options.search, result.objectives);
  // Every step's intervals and start on the search's clock, from the
  // origin, so that the stream of each machine of a distributed search
  // counts from the instant they share.
  const engine::TimePoint origin = options.start.value_or(engine::Clock::now());
  RunnerSettings runner_settings = options.runner;
  runner_settings.origin = origin;
  StepRunner runner(scenario, runner_settings);
  auto add = [&](const StepRun& run) {
    result.steps.push_back(step_result(search.history().back(), run));
    if (options.on_step) options.on_step(result.steps.back());
  };
  const bool fixed = options.search.fixed_staircase;
  std::chrono::nanoseconds next_rung{};  // fixed staircase: the next rung's planned start, from the origin
  bool first = true;
  while (auto step = search.next_step()) {
    std::optional<engine::TimePoint> start;
    if (fixed) {
      // Rung k starts at the same planned instant on every machine,
      // whatever each one measured: the engine waits for it.
      start = origin + std::chrono::duration_cast<engine::Clock::duration>(next_rung);
      next_rung += std::max(step->hold, step->max_hold) + rung_gap;
    } else {
      // A bisection assumes each step starts from a target that has drained
      // the last one's queue (one that cannot shows it in the recovery check).
      if (step->cooldown.count() > 0 && pause(step->cooldown)) {
        result.interrupted = true;
        break;
      }
      if (first && options.start) start = origin;
    }
    first = false;
    if (step->phase == analysis::Phase::overload && options.search.recovery) {
      // The recovery follows the overload in the same run.
      auto runs = runner.run_in_a_row({*step, search.recovery_after(*step)}, {}, start);
      search.record(runs[0].measured);
      add(runs[0]);
      if (runs[0].interrupted) {
        result.interrupted = true;
        break;
      }
      if (search.next_step()) {
        search.record(runs[1].measured);
        add(runs[1]);
      }
      continue;
    }
    const StepRun run = runner.run(*step, [&search](const analysis::StepMeasurement& m) { return search.conclusive(m); }, start);
    if (run.interrupted) {
      result.interrupted = true;  // a step cut short says nothing: not recorded
      break;
    }
    search.record(run.measured);
    add(run);
  }

  result.verdict = search.verdict();
  fill_saturation_units(result);
  result.usl_points = analysis::throughput_points(search.history());
  result.usl = analysis::fit_usl(result.usl_points);
  using Kind = analysis::Verdict::Kind;
  const auto kind = result.verdict.kind;
  if (options.population && (kind == Kind::saturated || kind == Kind::not_reached || kind == Kind::generator_limited ||
                             kind == Kind::inconclusive || kind == Kind::below_start))
    result.plan = analysis::plan_capacity(*options.population, options.profile, result.verdict.saturation,
                                          kind == Kind::generator_limited || kind == Kind::not_reached);
  result.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace rollcall::capacity
