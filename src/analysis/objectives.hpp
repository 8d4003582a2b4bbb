#pragma once
// Judging a measurement against objectives (scenario::Objective, parsed from
// `slo:` or --slo). Each objective reads one number from the measurement:
//
//   latency (pNN, mean, max)  of a step's requests (all personas with that
//                             step, or one), else of whole journeys
//   errors, queued, rejected  ratio to requests: of a step, a persona's
//                             steps, or all
//   completed                 journeys completed / started
//   achieved                  journeys completed / offered (arrivals due):
//                             below 1 when the target cannot keep up
//
// Each reading is a statistical estimate from a finite sample, and says so:
// how many samples it rests on and its confidence interval (z standard
// errors, `Confidence`):
//
//   percentiles   distribution-free, from the order statistics: the ranks
//                 n·q ± z·sqrt(n·q·(1-q)) read off the same histogram
//   mean          ± z·stddev/sqrt(n)
//   max           none: it only grows with the sample, always decided
//   ratios        Wilson score interval of part/whole
//
// where n, for percentiles and ratios, is what the samples are worth in
// independent ones: a queue's slow seconds come in runs, and so do a full
// queue's rejections. Batch means (Measurement::parts grouped into 12
// consecutive batches, at least 5) measure how much more the share of
// samples beyond the estimate (or of errors) varies from batch to batch
// than independent samples would make it vary, and n is divided by that
// factor (the design effect, at least 1). Measured on the built-in ENT at
// 94-100% of its capacity: 3 on two workers at 4/s (460 logins worth
// 154), 10 on three workers at 10/s, 46-150 on 10 to 60 workers at
// 84-1,344/s (a burst there holds dozens of logins).
//   achieved,     completed / offered (or started) over the stretch, where
//   completed     the journeys that end are not those that arrived: the
//                 difference is the change in journeys under way, whose
//                 counting noise is about sqrt(2·users) journeys for a
//                 target that keeps up (Poisson users in a system that is
//                 not growing), plus the binomial noise of failures. These
//                 fail only when the whole interval is below the
//                 threshold: a target that keeps up is never failed by
//                 counting noise (and an estimate on the passing side is
//                 decided: more samples could not make it fail).
//
// An objective whose interval straddles its threshold is not `decided`: a
// capacity step goes on until every objective is decided (or one failed
// beyond doubt), up to a cap, and is then judged on the estimate.
//
// An objective with nothing to read (no request of that step, no journey)
// is `no_data`, and no_data is not met: an objective measured on no sample
// never passes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/measurement.hpp"
#include "scenario/load_spec.hpp"

namespace rollcall::analysis {

struct ObjectiveResult {
  scenario::Objective objective;
  enum class Status { pass, fail, no_data } status = Status::no_data;
  double observed = 0;   // same unit as objective.threshold (µs or a ratio)
  // What the observed value rests on: the journeys or requests it was read
  // from, and its confidence interval at the judgement's level (a
  // percentile's from the order statistics, a ratio's Wilson interval;
  // throughput's from the backlog's counting noise). `decided` is false
  // when the interval straddles the threshold: a step that may be
  // extended is extended, one that may not is judged on `observed`.
  std::uint64_t samples = 0;
  // What those samples are worth in independent ones: fewer when they hang
  // together (a queue's slow seconds come in runs), read from how much the
  // stretch's consecutive parts differ (batch means). The interval is
  // that of this many independent samples.
  double independent = 0;
  double low = 0;
  double high = 0;
  // Latency: the fastest sample, about the time with no queue at all.
  double floor = 0;
  bool decided = true;
  // Failed although its estimate holds: a capacity step ended at its cap
  // with the interval still straddling the threshold, not shown to hold.
  bool unproven = false;
  // How far past the threshold: observed / threshold for bounds from above,
  // threshold / observed for bounds from below; above 1 is broken.
  double excess = 0;
  std::string describe() const;  // "login p95 1.2s [1.1s - 1.3s, 412 samples] (objective < 800ms): failed"
};

struct Judgement {
  std::vector<ObjectiveResult> results;
  // Every objective met (no_data is not met).
  bool pass() const;
  // More samples would not change the answer: one objective failed beyond
  // its interval, or every one is decided.
  bool decided() const;
  // The failed objective furthest past its threshold, among those failed
  // beyond doubt if any; null when none failed.
  const ObjectiveResult* worst() const;
};

// How wide the intervals are: z standard errors (2: about 95% two-sided).
struct Confidence {
  double z = 2;
};

Judgement evaluate(const std::vector<scenario::Objective>& objectives, const Measurement& m, Confidence confidence = {});

// The samples an objective needs before its reading means anything: a pNN
// needs `tail` samples beyond the percentile (tail / (1 - NN/100): 200 for
// a p95 with the default 10), a mean 30, a ratio bound from above
// 4 / threshold (with no event at all, the Wilson upper bound z²/(n + z²)
// at z = 2 reaches the threshold there: 400 requests for "errors < 1%"),
// achieved and completed 3 / (1 - threshold).
// Counted in what the objective reads: a step's requests, or journeys.
std::uint64_t samples_needed(const scenario::Objective& o, double tail = 10);

// The journeys a judged stretch should hold for these objectives: the most
// any latency objective needs, and at least `floor`. Request ratios read
// at least one request per journey, often many: they set how far the step
// may be extended (CapacitySearch::plan), not its minimum;
// throughput passes on the benefit of its counting noise, and its own
// samples_needed() is what a shortfall needs to be beyond doubt (evaluate()
// keeps it undecided until then, and the step goes on).
std::uint64_t journeys_needed(const std::vector<scenario::Objective>& objectives, double tail = 10,
                              std::uint64_t floor = 100);

// The objective bounds its measure from above ("<", "<="): a ceiling.
bool from_above(const scenario::Objective& o);

// True for a name with_guards() knows how to turn off.
bool is_guard_name(std::string_view name);

// The guards a capacity search keeps whatever the user's objectives say
// about latency: errors, rejected and achieved (default_objectives()), each
// unless the user gave an objective of that kind for everything (no step,
// no persona) or turned it off by name ("errors", "rejected", "achieved").
std::vector<scenario::Objective> with_guards(std::vector<scenario::Objective> objectives,
                                             const std::vector<std::string>& turned_off = {});

// Could a generator that delayed requests by up to `delay_us` (its own loop
// lag and lateness) have made this objective fail? Only a latency bound from
// above within that delay of its threshold: a p95 of 200 ms against "< 50 ms"
// is the target's however late a 20 ms-lagging generator was. Ratios and
// throughput are always suspect, since a saturated generator times requests
// out and leaves arrivals unsent.
bool generator_could_explain(const ObjectiveResult& failed, double delay_us);

// What a capacity search judges by when the scenario gives no `slo:`:
// errors < 1%, rejected < 5%, achieved >= 95% of offered. (No latency: only
// the scenario's author knows what is slow for a login.)
std::vector<scenario::Objective> default_objectives();

// "cas-login-submit p95", "errors", "student: achieved": what an objective
// is about, for a verdict's "limiting step".
std::string subject(const scenario::Objective& o);

}  // namespace rollcall::analysis
