#pragma once
// The search for a target's saturation point, as a state machine that runs
// nothing itself: its driver (capacity/search_run.cpp) asks next_step() what
// to run (a rate, for how long), runs it as an open constant-rate load with
// the engine (capacity/step_runner.cpp), and hands back what it measured
// with record(). No clock, no network: the whole search can be played
// against a simulated response curve in a test. docs/capacity.md explains
// the algorithm and its defaults.
//
//   CapacitySearch search(settings, objectives);
//   while (auto step = search.next_step()) {
//     StepMeasurement m = run_open_constant(step->rate, step->hold, step->discard);
//     search.record(m);
//   }
//   const Verdict& v = search.verdict();
//
// Phases: warm-up (not judged) -> staircase (rates growing until a step
// fails; going down instead while the first steps fail) -> bisection between the last passing and the first failing rate
// until they are within `resolution` -> confirmation at the answer ->
// overload at the rate that first failed, then recovery at a fraction of the answer
// (is the target metastable?). A step where the generator was the
// bottleneck is `invalid`: retried, then the verdict is "generator-limited
// at X/s", never a failure of the target.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "analysis/measurement.hpp"
#include "analysis/objectives.hpp"
#include "analysis/usl.hpp"
#include "scenario/load_spec.hpp"

namespace rollcall::analysis {

using Duration = std::chrono::nanoseconds;

// Above any of these the generator, not the target, was the bottleneck.
struct GeneratorLimits {
  double loop_lag_p99_ms = 20;   // two ticks of the 10 ms loop monitor
  double lateness_p99_ms = 50;   // arrivals started late: their latency is not the target's
  double cpu = 0.9;              // a lane's core nearly saturated
  // Empty when healthy; else one line per threshold crossed.
  std::vector<std::string> problems(const GeneratorHealth& health) const;
  // Loops or arrivals late by ten times their limit: not a busy neighbour
  // for a moment, a rate beyond what this generator can offer at all.
  bool overwhelmed(const GeneratorHealth& health) const {
    return health.loop_lag_p99_ms > 10 * loop_lag_p99_ms || health.lateness_p99_ms > 10 * lateness_p99_ms;
  }
};

// Stops a step early: errors above this ratio over the last `window`. The
// engine checks it as the step runs (tripped()) and marks the step aborted;
// an aborted step is a failure (reason: errors).
struct AbortRule {
  double error_ratio = 0.5;
  Duration window = std::chrono::seconds(10);
  bool tripped(std::uint64_t errors, std::uint64_t requests) const {
    return requests > 0 && static_cast<double>(errors) > error_ratio * static_cast<double>(requests);
  }
};

struct SearchSettings {
  double start_rate = 5;          // journeys/s of the first step
  double growth = 1.5;            // each step multiplies the rate...
  double increment = 0;           // ...or, above 0, adds this instead
  Duration hold = std::chrono::seconds(60);            // each step's length, transient included
  Duration transient = std::chrono::seconds(15);       // discarded at the start of each step
  Duration warmup = std::chrono::seconds(30);          // at start_rate, not judged (0: none)
  double resolution = 0.05;       // bisection stops when (fail - pass) / pass <= this
  double max_rate = 1e9;          // never asked for: --max-rate
  unsigned max_steps = 40;        // a search that has not converged by then reports what it has
  unsigned invalid_retries = 1;   // an invalid step is run again this many times
  unsigned confirmations = 2;     // runs at the answer before giving up a lower one
  bool recovery = true;
  double recovery_fraction = 0.5; // of the saturation rate
  Duration recovery_hold = std::chrono::seconds(120);
  Duration recovery_window = std::chrono::seconds(10); // the recovery step is judged window by window
  GeneratorLimits limits;
  AbortRule abort;
  // How sure a step's judgement must be (objectives.hpp): each objective's
  // confidence interval is z standard errors wide; a judged stretch holds
  // at least the journeys its objectives need (`tail` samples beyond each
  // percentile, and at least `min_journeys`), so that low rates run longer
  // and high rates stay at `hold`; a step whose intervals straddle their
  // thresholds is extended, its judged stretch growing by half each time,
  // up to `max_extension` times its first length (and not past
  // `max_judged`, unless its minimum already is).
  Confidence confidence;
  double tail = 10;
  std::uint64_t min_journeys = 100;
  double max_extension = 3;
  Duration max_judged = std::chrono::seconds(120);
  // When the first step fails, the staircase goes down (÷ growth, or
  // − increment) this many times looking for a rate that passes, before
  // the verdict is "saturated below the lowest rate tried".
  unsigned max_descents = 4;
  // The transient is at least this many times the journey p95 of the last
  // step that passed: the users under way must reach
  // their steady number before the stretch is judged, and journeys with
  // long think times take long to do so.
  double transient_journeys = 1.5;
  Duration max_transient = std::chrono::seconds(60);
  // After a step that failed, no load before the next one: at least
  // `cooldown`, and as long as the target needs to serve the backlog the
  // step left it (the journeys under way at its end, at the highest rate
  // the target has ended journeys so far), up to `max_cooldown`. A
  // target still serving the last overload's abandoned requests fails the
  // next step whatever its rate, and near the saturation point it drains
  // that backlog only at the thin margin between its capacity and the
  // step's rate: minutes, against seconds with no load.
  Duration cooldown = std::chrono::seconds(3);
  Duration max_cooldown = std::chrono::seconds(30);
  // A distributed search (capacity --segment i/n): every machine runs the
  // same rungs at the same instants, with no coordinator to agree on a
  // bisection. So the staircase alone, every rung decided by the settings
  // only: start_rate, then × growth (or + increment), no skipped rung, no
  // going down, each rung exactly `hold` long with `transient` discarded
  // (no extension, no early end but the abort rule), no cooldown, no
  // retry of an invalid rung, no confirmation, no overload or recovery.
  // Rates stay the whole run's; `share` is this machine's part of each
  // rung's arrivals (1/n), and sizes the judged stretch so that its own
  // share holds the samples its objectives need. The machine stops after
  // the first rung its own share failed beyond doubt (or the abort rule
  // stopped, or its generator could not offer): docs/capacity.md,
  // "Distributed search".
  bool fixed_staircase = false;
  double share = 1;
};

enum class Phase { warmup, staircase, bisection, confirmation, overload, recovery };
std::string_view phase_name(Phase p);

// What to run next: an open load at `rate` journeys/s for `hold`, whose
// first `discard` the measurement leaves out.
struct StepPlan {
  Phase phase = Phase::warmup;
  double rate = 0;
  Duration hold{};
  Duration discard{};
  Duration window{};  // recovery: measure in windows of this length
  unsigned index = 0; // 0, 1, 2, ... in the order run
  // Above `hold`: the step may go on until its judgement is decided
  // (CapacitySearch::conclusive), up to here. Equal to hold: it may not.
  Duration max_hold{};
  // Before `hold`, from here on (a length of the step, transient
  // included): a failure already beyond doubt ends the step early. A pass
  // needs the whole hold, the samples its objectives need.
  Duration first_look{};
  // No load for this long before the step (SearchSettings::cooldown).
  Duration cooldown{};
};

struct StepMeasurement {
  Measurement measurement;            // after the transient
  bool aborted = false;               // the abort rule tripped
  std::vector<Measurement> windows;   // recovery: consecutive windows, from the step's start
};

enum class Outcome { unjudged, pass, fail, invalid };
std::string_view outcome_name(Outcome o);

struct StepRecord {
  StepPlan plan;
  Outcome outcome = Outcome::unjudged;
  Judgement judgement;
  std::vector<std::string> generator_problems;
  GeneratorHealth generator;
  bool aborted = false;
  double offered_rate = 0;
  double achieved_rate = 0;
  double journey_p95_ms = 0;
  double judged_s = 0;     // the judged stretch's length, extensions included
  double users_at_end = 0; // journeys under way when the step ended: the backlog it leaves
  double ended_rate = 0;   // journeys/s that ended, however (completed, failed, given up)
  bool decided = true;     // false: judged at its cap on estimates whose intervals straddled a threshold
};

enum class Reason { none, latency, errors, rejected, throughput, completion };
std::string_view reason_name(Reason r);

struct Recovery {
  bool checked = false;
  bool recovered = false;        // objectives met again, and until the end of the hold
  Duration time_to_recover{};    // from the drop to the first window of the passing run
  bool metastable() const { return checked && !recovered; }
};

struct Verdict {
  enum class Kind {
    pending,           // not done yet
    saturated,         // found: saturation is the highest passing rate
    not_reached,       // even max_rate passes
    below_start,       // even the first step fails
    generator_limited, // the generator could not go higher: saturation is above `saturation`, if anything
    inconclusive,      // max_steps ran out
  } kind = Kind::pending;
  double saturation = 0;         // journeys/s: the highest passing rate
  double lowest_failing = 0;     // the uncertainty interval is [saturation, lowest_failing]
  double generator_limit = 0;    // generator_limited: where it was
  bool confirmed = false;
  std::string limiting;          // "cas-login-submit p95": what broke first
  Reason reason = Reason::none;
  std::string limiting_detail;   // the objective's result at the lowest failing rate
  std::optional<double> knee;    // journeys/s where journey latency starts to climb
  // Repeated steps disagreed: a rate failed although it (or a higher one)
  // passed earlier or later. The target's capacity moved during the search,
  // somewhere between these rates; the saturation point is the lowest of
  // them that held.
  struct Moved {
    double low = 0;   // the lowest rate that failed below a passing one
    double high = 0;  // the highest rate that passed
  };
  std::optional<Moved> moved;
  Recovery recovery;

  std::string sentence() const;  // one line for the report
};

// What broke first on a failed step, in the verdict: its worst objective, or
// the abort rule when the step was cut by it with no objective failed. The
// search and the verdict of a fixed staircase (staircase_verdict.hpp) say it
// the same way.
void explain_failure(Verdict& v, const StepRecord& failed, const SearchSettings& settings);

class CapacitySearch {
 public:
  CapacitySearch(SearchSettings settings, std::vector<scenario::Objective> objectives);

  // What to run next, or nullopt when done. Asking twice without record()
  // gives the same step.
  std::optional<StepPlan> next_step();
  void record(const StepMeasurement& m);
  // Would this stretch of the pending step be judged the same with more
  // samples? The engine asks at each look while a step may be extended.
  bool conclusive(const StepMeasurement& m) const;
  // The recovery step the search will ask for once `overload` is recorded:
  // the driver runs the two in one go, with no pause for the target between
  // them. Only for an overload step.
  StepPlan recovery_after(const StepPlan& overload) const;

  bool done() const { return done_; }
  const Verdict& verdict() const { return verdict_; }
  const std::vector<StepRecord>& history() const { return history_; }
  const SearchSettings& settings() const { return settings_; }

 private:
  StepPlan plan(Phase phase, double rate) const;
  double recovery_rate() const { return verdict_.saturation * settings_.recovery_fraction; }
  double next_staircase_rate(double rate) const;
  void judge(StepRecord& r, const StepMeasurement& m) const;
  void on_judged(const StepRecord& r);
  void bisect_or_confirm();
  void settle_unconfirmed(const StepRecord& r);
  void finish(Verdict::Kind kind);
  void after_verdict();
  void judge_recovery(const StepMeasurement& m);
  void tally(const StepRecord& r);
  void climb(const StepRecord& r);
  void on_rung(const StepRecord& r);
  bool descend(double rate);
  void fall_back_below(double rate);
  std::optional<double> best_pass_below(double rate) const;  // the highest passing rate under `rate`
  std::optional<double> shortfall(double above, double below) const;
  std::optional<double> latency_crossing() const;
  std::optional<double> crossing_below(const StepRecord& failed) const;
  double probe_near(double guess) const;
  Duration transient() const;
  Duration cooldown() const;
  void note_moved();

  SearchSettings settings_;
  std::vector<scenario::Objective> objectives_;
  std::vector<StepRecord> history_;
  std::optional<StepPlan> pending_;
  Phase phase_ = Phase::warmup;
  double rate_ = 0;                      // the rate the next step runs at
  std::optional<double> pass_;           // highest passing rate
  std::optional<double> fail_;           // lowest failing rate
  std::optional<double> first_failure_;  // the rate that first failed: the overload's
  std::optional<double> ceiling_;        // the lowest rate the generator could not offer, nothing failing below it
  unsigned retries_ = 0;                 // invalid runs of the current rate
  unsigned confirmations_ = 0;
  unsigned descents_ = 0;
  std::uint64_t journeys_needed_ = 0;    // per judged stretch
  double journey_p95_ms_ = 0;            // of the last step that passed
  bool guided_ = false;                  // the step under way was placed by latency_crossing()
  double last_width_ = 0;                // fail / pass when it was placed
  unsigned slow_guided_ = 0;             // guided steps in a row that did not halve the interval
  bool done_ = false;
  Verdict verdict_;
};

// A step judged as the search judges it: the objectives on the stretch
// (undecided at its cap: failed, not shown to hold), the generator's
// problems (invalid, unless the target failed beyond what they explain),
// the abort rule. Fills outcome, judgement, decided, generator and
// generator_problems of a record whose plan the caller sets.
void judge_step(StepRecord& r, const StepMeasurement& m, const SearchSettings& settings,
                const std::vector<scenario::Objective>& objectives);

// Why an objective of this kind breaks: latency, errors, rejected...
Reason reason_of(const scenario::Objective& o);

// (offered, achieved) journeys/s of the steps judged pass or fail, for
// fit_usl(): warm-up, overload, recovery and invalid steps say nothing
// about how the target scales.
std::vector<UslPoint> throughput_points(const std::vector<StepRecord>& history);

}  // namespace rollcall::analysis
