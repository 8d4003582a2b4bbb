#include "capacity/step_runner.hpp"

#include <cmath>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "capacity/measure.hpp"
#include "common/duration.hpp"
#include "engine/scenario_run.hpp"

namespace rollcall::capacity {

namespace {

// One step's share of a run: which intervals it judges, its recovery
// windows, whether the abort rule stopped it.
struct Segment {
  analysis::StepPlan plan;
  double from_s = 0;
  StretchMeter judged;
  StretchMeter whole;  // transient included: the generator's health when the step was cut short
  std::vector<StretchMeter> windows;
  bool aborted = false;
  bool closed = false;       // judged: later intervals (the grace) are not the step's
  double next_look_s = 0;    // judged length at which to ask whether the judgement is decided

  double to_s() const { return from_s + seconds(std::max(plan.hold, plan.max_hold)); }
  double cap_s() const { return seconds(std::max(plan.hold, plan.max_hold) - plan.discard); }
};

// Errors against requests over the abort rule's last window of intervals.
class AbortWatch {
 public:
  AbortWatch(analysis::AbortRule rule, double interval_s)
      : rule_(rule), size_(std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(seconds(rule.window) / interval_s)))) {}

  bool add(const engine::JourneyStats& stats) {
    const auto counts = engine::IntervalCounts::of(stats);
    recent_.emplace_back(counts.errors, counts.requests);
    if (recent_.size() > size_) recent_.pop_front();
    if (recent_.size() < size_) return false;
    std::uint64_t errors = 0, requests = 0;
    for (const auto& [e, r] : recent_) {
      errors += e;
      requests += r;
    }
    return rule_.tripped(errors, requests);
  }
  void reset() { recent_.clear(); }

 private:
  analysis::AbortRule rule_;
  std::size_t size_;
  std::deque<std::pair<std::uint64_t, std::uint64_t>> recent_;
};

// The load of steps run in a row: the first step's rate, then (an overload
// followed by its recovery check) the second's from where the first's hold
// ends, in the same run, so that users of the first level (their retries,
// their waiting rooms) are still there under the second.
scenario::LoadSpec step_load(const std::vector<analysis::StepPlan>& steps, double run_s,
                             scenario::LoadSpec::Arrivals arrivals) {
  scenario::LoadSpec spec;
  const double rate = steps.front().rate;
  if (steps.size() > 1)
    spec.model = scenario::StepsLoad{rate, steps[1].rate - rate, steps.front().hold, 2};
  else
    spec.model = scenario::ConstantLoad{rate};
  spec.duration = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(run_s));
  spec.arrivals = arrivals;
  return spec;
}

}  // namespace

std::uint64_t step_seed(const engine::ScenarioPlan& plan, std::uint64_t seed, unsigned step, double rate, double from_s,
                        double to_s, double longest_s) {
  const std::uint64_t base = seed * 0x9E3779B97F4A7C15ULL + step;
  if (plan.model->process() != engine::ArrivalProcess::poisson || to_s <= from_s) return base;
  // The stretches the step may be judged on: its minimum, then grown by
  // half at each look, up to its longest.
  std::vector<double> ends;
  for (double judged = to_s - from_s; from_s + judged < longest_s - 1e-6; judged *= 1.5) ends.push_back(from_s + judged);
  ends.push_back(std::max(to_s, longest_s));
  engine::ScenarioPlan trial = plan;
  trial.segment = {};  // the whole run's arrivals: every machine chooses the same seed
  std::uint64_t best = base;
  double best_gap = INFINITY;  // the worst look's distance from its planned count, in tolerances
  for (std::uint64_t t = 0; t < 256; ++t) {
    trial.seed = base + t * 0xD1B54A32D192ED03ULL;
    double gap = 0;
    for (const double end : ends) {
      const double expected = rate * (end - from_s);
      const double tolerance = 0.25 * std::sqrt(expected) + 0.5;
      gap = std::max(gap, std::abs(static_cast<double>(engine::arrivals_due(trial, from_s, end)) - expected) / tolerance);
      if (gap > best_gap) break;
    }
    if (gap < best_gap) {
      best_gap = gap;
      best = trial.seed;
    }
    if (gap <= 1) break;
  }
  return best;
}

StepRunner::StepRunner(const scenario::Scenario& scenario, RunnerSettings settings)
    : scenario_(scenario), settings_(std::move(settings)), mix_(PersonaMix::of(scenario)) {}

StepRun StepRunner::run(const analysis::StepPlan& step, const Conclusive& conclusive, std::optional<engine::TimePoint> start) {
  return run_in_a_row({step}, conclusive, start).front();
}

std::vector<StepRun> StepRunner::run_in_a_row(const std::vector<analysis::StepPlan>& steps, const Conclusive& conclusive,
                                              std::optional<engine::TimePoint> start) {
  std::vector<Segment> segments;
  double from = 0;
  for (const auto& s : steps) {
    Segment seg{s, from, StretchMeter(mix_, settings_.threads), StretchMeter(mix_, settings_.threads), {}};
    seg.next_look_s = seconds((s.first_look > s.discard ? s.first_look : s.hold) - s.discard);
    from = seg.to_s();
    segments.push_back(std::move(seg));
  }

  engine::ScenarioPlan plan;
  plan.scenario = &scenario_;
  plan.threads = settings_.threads;
  plan.tls = settings_.tls;
  plan.pinned = settings_.pinned;
  plan.observe = settings_.observe;
  plan.proxies = settings_.proxies;
  plan.grace = settings_.grace;
  plan.model = engine::make_load_model(step_load(steps, from, settings_.arrivals));
  // Each step its own draws, reproducibly, offering what it says over the
  // stretches it may be judged on.
  const auto& first = steps.front();
  plan.seed = step_seed(plan, settings_.seed, first.index, first.rate, seconds(first.discard), seconds(first.hold),
                        seconds(std::max(first.hold, first.max_hold)));
  plan.segment = settings_.segment;
  plan.start = start ? *start : engine::Clock::now() + std::chrono::milliseconds(50);
  const double offset_s = settings_.origin ? seconds(*plan.start - *settings_.origin) : 0;

  const double interval_s = seconds(plan.interval);
  AbortWatch watch(settings_.abort, interval_s);
  std::size_t current = 0;
  bool end = false;
  bool behind = false;
  std::uint64_t users_before = 0;  // journeys under way when the interval began
  const auto give_up_us = std::chrono::duration_cast<std::chrono::microseconds>(settings_.give_up_lateness).count();
  plan.on_interval = [&](const engine::IntervalReport& r) {
    if (settings_.on_interval)
      settings_.on_interval(engine::IntervalReport{r.index, offset_s + r.start_s, r.length_s, r.stats, r.cpu_s, r.wall_s});
    std::optional<std::size_t> at;
    for (std::size_t i = 0; i < segments.size(); ++i)
      if (r.start_s >= segments[i].from_s - 1e-9 && r.start_s < segments[i].to_s() - 1e-9) at = i;
    if (!at) {
      // The grace period after the last hold: not judged, but a starved
      // lane hands its late intervals over here, and they tell its health.
      segments.back().whole.add(r);
      return;
    }
    if (*at != current) {
      current = *at;
      watch.reset();  // a new level: the last one's errors are not this one's
    }
    auto& seg = segments[*at];
    seg.whole.add(r);
    if (r.stats.start_lag.percentile(99) > give_up_us) behind = end = true;
    const double into = r.start_s - seg.from_s;
    const std::uint64_t users = std::exchange(users_before, r.stats.users_running);
    if (!seg.closed && into >= seconds(seg.plan.discard) - 1e-9 && into + r.length_s <= seconds(seg.plan.discard) + seg.cap_s() + 1e-9) {
      seg.judged.add(r, users);
      // Looks at the judgement at the minimum length, then each time the
      // stretch has grown by half: few looks, so that asking again and
      // again does not turn noise into a decision.
      if (seg.judged.seconds() >= seg.next_look_s - 1e-9) {
        analysis::StepMeasurement so_far;
        so_far.measurement = seg.judged.measurement();
        so_far.aborted = seg.aborted;
        const bool at_cap = seg.judged.seconds() >= seg.cap_s() - 1e-9;
        const bool at_hold = seg.judged.seconds() >= seconds(seg.plan.hold - seg.plan.discard) - 1e-9;
        if (at_cap || (!conclusive && at_hold) || (conclusive && conclusive(so_far))) {
          seg.closed = true;
          if (*at + 1 == segments.size()) end = true;
        } else {
          // Up to the hold, then by halves beyond it.
          const double hold_s = seconds(seg.plan.hold - seg.plan.discard);
          seg.next_look_s = std::min(seg.cap_s(), seg.next_look_s < hold_s - 1e-9 ? std::min(hold_s, seg.next_look_s * 1.5)
                                                                                 : seg.next_look_s * 1.5);
        }
      }
    }
    if (seg.plan.window.count() > 0) {
      const auto w = static_cast<std::size_t>(into / seconds(seg.plan.window));
      while (seg.windows.size() <= w) seg.windows.emplace_back(mix_, settings_.threads);
      seg.windows[w].add(r);
    }
    if (!seg.aborted && watch.add(r.stats)) {
      seg.aborted = true;
      // Only the last level ends the run: after an overload the load drops anyway.
      if (*at + 1 == segments.size()) end = true;
    }
  };
  plan.end_now = [&end] { return end; };

  const auto t0 = std::chrono::steady_clock::now();
  const engine::ScenarioResult result = engine::run_scenario(plan);
  const double wall = seconds(std::chrono::steady_clock::now() - t0);

  std::vector<StepRun> out;
  for (auto& seg : segments) {
    StepRun run;
    run.measured.measurement = seg.judged.measurement();
    // Cut short because the generator fell behind: judged by what it did
    // over the whole step, so that the step is invalid, never a pass on no data.
    if (behind) run.measured.measurement.generator = seg.whole.generator();
    // No interval of the stretch came in time: the lanes were too busy to
    // hand their statistics over. The generator was at least the stretch
    // late, and a step with nothing measured must never pass.
    if (seg.judged.empty()) {
      auto& g = run.measured.measurement.generator;
      g = seg.whole.generator();
      g.lateness_p99_ms = std::max(g.lateness_p99_ms, seconds(seg.plan.hold) * 1e3);
    }
    run.measured.aborted = seg.aborted;
    for (const auto& w : seg.windows) run.measured.windows.push_back(w.measurement());
    run.stats = seg.judged.stats();
    run.requests_per_s = seg.judged.requests_per_s();
    run.users = seg.judged.mean_users();
    run.wall_s = out.empty() ? wall : 0;
    run.offset_s = offset_s;
    run.from_s = seg.from_s;
    run.to_s = std::max(seg.from_s, std::min(seg.to_s(), result.duration_s));
    run.interrupted = result.interrupted;
    out.push_back(std::move(run));
  }
  return out;
}

}  // namespace rollcall::capacity
