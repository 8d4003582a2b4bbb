#pragma once
// Runs what the search asks for: a step is an open constant-rate load of
// the scenario's journeys, measured after its transient, watched by the
// abort rule. The overload and the recovery check run back to back in one
// engine run, so that the users the overload failed (and their retries)
// are still there when the load drops: that is what makes a target
// metastable, and separate runs would hide it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "analysis/capacity_search.hpp"
#include "capacity/measure.hpp"
#include "engine/journey_stats.hpp"
#include "engine/scenario_plan.hpp"
#include "http/proxy.hpp"
#include "http/resolve.hpp"
#include "http/tls.hpp"
#include "scenario/model.hpp"

namespace rollcall::capacity {

struct RunnerSettings {
  unsigned threads = 1;
  std::uint64_t seed = 1;
  http::TlsOptions tls;
  http::PinnedHosts pinned;  // --resolve
  http::ProxySettings proxies;  // --proxy or the environment's
  // After a step, journeys under way get this long; they are not measured
  // (the stretch ends with the hold), so a short grace only saves time.
  std::chrono::nanoseconds grace = std::chrono::seconds(1);
  analysis::AbortRule abort;
  // A step whose arrivals leave this late (p99 of one interval) is ended
  // at once: the generator is far behind, the step will be invalid anyway,
  // and an open schedule that keeps starting users it cannot serve only
  // piles up memory (gigabytes within a minute at thousands of arrivals/s).
  std::chrono::nanoseconds give_up_lateness = std::chrono::seconds(1);
  // Open arrivals: Poisson (independent people) or evenly spaced.
  scenario::LoadSpec::Arrivals arrivals = scenario::LoadSpec::Arrivals::poisson;
  // --segment i/n: this machine's share of every step's arrivals (and
  // feeder rows). Seeds are chosen on the whole run's arrivals, so every
  // machine draws its part of the same schedule.
  engine::Slice segment;
  // Every interval of every step, as the engine reports it (the results
  // stream), its start_s counted from `origin` when given (the search's
  // start: every step's intervals on one clock), else from the step's run.
  std::function<void(const engine::IntervalReport&)> on_interval;
  std::optional<engine::TimePoint> origin;
  // Observers of every step's journeys (--trace-failures).
  std::function<std::unique_ptr<engine::JourneyObserver>()> observe;
};

struct StepRun {
  analysis::StepMeasurement measured;
  engine::JourneyStats stats;  // the judged stretch, every metrics line
  double requests_per_s = 0;   // of the judged stretch
  double users = 0;            // journeys under way, on average over the stretch
  double wall_s = 0;           // what the step cost, grace included (0 for the second of a pair)
  double offset_s = 0;         // the engine run's start, from RunnerSettings::origin (0 without one)
  double from_s = 0, to_s = 0; // where its load began and ended in the engine run (a pair: the second from the first's hold)
  bool interrupted = false;    // Ctrl-C: the search stops
};

// The seed of a step's arrivals. Poisson arrivals over a stretch of 200
// journeys vary in number by 7% (one time in six, a step planned at 4.3/s
// offers 4.0/s or less): the step would judge a rate it was not given, and
// a lucky draw would pass a rate the target does not hold. So among seeds
// derived from (seed, step), deterministically, the first whose judged
// stretch [from_s, to_s) holds the planned number of arrivals to within a
// quarter of its Poisson spread is taken (the closest of 256 otherwise),
// and so does each longer stretch the step may be extended to, by half at
// each look, up to [from_s, longest_s):
// the arrivals stay Poisson in time, the step offers what it says. Seeds
// differ across the user's seeds too (seed 2 is not seed 1 a step later).
// Evenly spaced arrivals need no choice.
std::uint64_t step_seed(const engine::ScenarioPlan& plan, std::uint64_t seed, unsigned step, double rate, double from_s,
                        double to_s, double longest_s = 0);

class StepRunner {
 public:
  StepRunner(const scenario::Scenario& scenario, RunnerSettings settings);

  // Asked while a step may be extended (StepPlan::max_hold): true ends it.
  using Conclusive = std::function<bool(const analysis::StepMeasurement&)>;

  // `start`: the engine run's start instant (a rung planned for every
  // machine at once; the engine waits for it, Ctrl-C ends the wait);
  // none: at once, once the step's seed is chosen.
  StepRun run(const analysis::StepPlan& step, const Conclusive& conclusive = {},
              std::optional<engine::TimePoint> start = {});
  // Two steps in one run, the second starting where the first's hold ends.
  std::vector<StepRun> run_in_a_row(const std::vector<analysis::StepPlan>& steps, const Conclusive& conclusive = {},
                                    std::optional<engine::TimePoint> start = {});

 private:
  const scenario::Scenario& scenario_;
  RunnerSettings settings_;
  std::shared_ptr<const PersonaMix> mix_;
};

}  // namespace rollcall::capacity
