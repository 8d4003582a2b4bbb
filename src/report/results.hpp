#pragma once
// What a `run` or `capacity` measured, as the results stream records it and
// every output (summary.json, latency.hlog, junit.xml, report.html, compare)
// reads it. Plain data: the engine's live statistics are turned into these
// records at each interval boundary (the caller's job), and the stream
// reader rebuilds them from disk. docs/results-format.md has the formats.
//
// Latencies are µs (as metrics::Histogram records them); rates are per
// second; times t_s are seconds since the run's start.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "engine/outcome.hpp"
#include "metrics/histogram.hpp"

namespace rollcall::report {

// A step's outcomes are engine::Outcome's, indexed by it in
// StepInterval::outcomes.
using engine::Outcome;
using engine::outcome_count;

struct LatencySummary {
  std::int64_t p50_us = 0, p95_us = 0, p99_us = 0, max_us = 0;
  double mean_us = 0;
};
LatencySummary summarize(const metrics::Histogram& h);
// The same with percentiles capped at an exact max known from elsewhere.
LatencySummary summarize(const metrics::Histogram& h, std::int64_t exact_max_us);

// One step (metrics line) during one interval.
struct StepInterval {
  std::string step;
  std::array<std::uint64_t, outcome_count> outcomes{};
  std::map<std::string, std::uint64_t> failures;  // http::failure_name -> count, non-zero only
  std::int64_t max_us = 0;                        // exact, the histogram only keeps buckets
  std::uint64_t bytes_read = 0;     // answers as read from the sockets (bodies as sent, coded)
  std::uint64_t decoded_bytes = 0;  // kept bodies, decoded: what checks read
  // The interval's latency histogram, base64 of HdrHistogram's V2 compressed
  // encoding (metrics/hlog.hpp): small enough to keep 3600 × steps in memory.
  std::string histogram;
  LatencySummary latency;  // from the histogram; max_us exact

  std::uint64_t count() const;
  // Queued and rejected are admission answers, not errors.
  std::uint64_t errors() const {
    return count() - outcomes[0] - outcomes[static_cast<std::size_t>(Outcome::queued)] -
           outcomes[static_cast<std::size_t>(Outcome::rejected)];
  }
};

// Fills histogram, max_us and latency from a live histogram.
void set_histogram(StepInterval& s, const metrics::Histogram& h);

struct PersonaInterval {
  std::string persona;
  std::uint64_t started = 0, completed = 0, failed = 0, abandoned = 0, retries = 0, restarts = 0;
  std::uint64_t queued = 0, rejected = 0;  // journeys held in, or turned away by, a waiting room
  std::map<std::string, std::uint64_t> failures;  // the persona's request errors by class (failure or outcome name)
  // What the objectives read of a persona, so that a stream alone can be
  // judged again (`rollcall merge`): its requests and their errors, and the
  // time of the journeys that ended (base64 V2, as StepInterval::histogram).
  // 0 and empty in streams written before they existed.
  std::uint64_t requests = 0, errors = 0;
  std::string journey_histogram;
};

// Is the generator itself keeping up? An interval where it does not is
// marked invalid: its latencies say more about rollcall than the portal.
struct GeneratorHealth {
  double loop_lag_p99_ms = 0;
  double cpu_percent = 0;      // of one core; above 100 with several lanes
  double lateness_p99_ms = 0;  // how late arrivals started
  std::uint64_t unsent = 0;    // arrivals due but never started
  bool valid = true;
  std::string invalid_reason;  // in words, when !valid
  // A merged run's interval: each segment's own health (the fields above
  // are then the worst of them, `unsent` their sum, `valid` all valid).
  // `segment` is that segment's index (1-based), 0 elsewhere.
  int segment = 0;
  std::vector<GeneratorHealth> segments;
};

// Where every request attempt of an interval went (docs/results-format.md
// "Accounting"): requests + not_sent == Σ step outcomes + unfinished.
struct IntervalAccounting {
  std::uint64_t requests = 0;         // sent on the wire
  std::uint64_t not_sent = 0;         // attempts that failed before a byte went out
  std::uint64_t unfinished = 0;       // sent, cut by the end of the run with no answer
  std::uint64_t stale_retries = 0;    // sent again on a new connection (same attempt)
  std::uint64_t internal_errors = 0;  // journeys ended by a bug in rollcall
};

struct Interval {
  double t_s = 0;       // start, seconds since the run's start
  double length_s = 1;
  double offered_per_s = 0;   // arrivals the load model scheduled
  double achieved_per_s = 0;  // arrivals that started
  std::vector<StepInterval> steps;
  std::vector<PersonaInterval> personas;
  GeneratorHealth generator;
  std::optional<IntervalAccounting> accounting;  // missing in streams written before it existed
  // Journeys under way at the interval's end (missing in older streams).
  std::optional<std::uint64_t> users_running;
};

enum class Verdict : std::uint8_t { pass, fail, invalid };
std::string_view verdict_name(Verdict v);
std::optional<Verdict> verdict_from_name(std::string_view name);

// One rung of a capacity search's ladder.
struct CapacityStep {
  int index = 0;
  // The rung's rate, the whole run's; in a segment's stream (capacity
  // --segment i/n) the staircase's planned rate, with this machine's own
  // measured part beside it.
  double offered_per_s = 0, achieved_per_s = 0;
  // A segment's (capacity --segment i/n) own share of offered_per_s, which
  // is then the whole run's rate of the rung.
  std::optional<double> segment_offered_per_s;
  double discard_s = 0;  // the transient: judged from start_s + discard_s to end_s
  Verdict verdict = Verdict::pass;
  double start_s = 0, end_s = 0;
  std::string limiting_step;  // the step that failed (or was closest to failing)
  double p50_ms = 0, p95_ms = 0, p99_ms = 0;  // of the limiting step
  double error_ratio = 0;
  std::uint64_t errors = 0, queued = 0;
  std::string reason;  // why it failed or was invalid, in words
};

// Universal Scalability Law fit of throughput against load:
// X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1)), with N the offered
// rate of each capacity step.
struct UslFit {
  double sigma = 0, kappa = 0, lambda = 0;
  double peak_per_s = 0;  // the fitted curve's maximum
  double r2 = 0;
  bool supported = false;  // false: too few points or a poor fit; drawn dashed, not trusted
  // How every output states it (capacity::usl_statement): `use` is
  // "finding", "contradicted" (its peak is below the measured saturation
  // point) or "unsupported"; `text` the sentence. Empty in older records:
  // rebuilt from the figures (usl_statement_of).
  std::string why_not;
  std::string use;
  std::string text;
  double at(double n) const;
};

struct Recovery {
  bool measured = false;
  bool recovered = false;
  double seconds = 0;  // from load drop to objectives met again
  std::string note;
};

// The population the portal must serve, to say how far the saturation point is.
struct CapacityPlan {
  double population = 0;           // users expected at the peak
  double required_per_s = 0;       // arrivals per second they bring
  std::string description;         // e.g. "Monday 8:00, 1 200 students"
};

struct Saturation {
  double rate_per_s = 0;
  // What broke first, as the search's verdict names it ("journey p95",
  // "cas-login-submit p95"); older records hold a metrics line here.
  std::string limiting_step;
  std::string reason;           // analysis::reason_name: "latency", "errors", ...
  std::string limiting_detail;  // the limiting objective's result at the first failing step
  std::string limiting_line;    // the metrics line the charts show first (empty: see limiting_line())
  // The target's capacity moved during the search, between these rates.
  struct Moved {
    double low_per_s = 0, high_per_s = 0;
  };
  std::optional<Moved> capacity_moved;
  std::array<double, 2> interval{0, 0};  // the last passing and first failing rate
  std::optional<double> knee_per_s;
  Recovery recovery;
  std::optional<UslFit> usl;
  std::optional<CapacityPlan> plan;
  // rate_per_s / plan->required_per_s - 1 (0.25: 25% headroom); nullopt without a plan.
  std::optional<double> margin() const;
};

// One objective read at one step, in its record's unit (ms or %).
struct ObjectiveReading {
  double measured = 0;
  std::uint64_t samples = 0;  // what it was read from; 0: not known
  double low = 0, high = 0;   // its confidence interval (equal to measured: none)
  bool decided = true;        // false: the interval straddled the bound
  std::string status;         // "pass", "fail", "no_data" (not met: nothing to read)
};

struct Objective {
  std::string name;        // e.g. "p95 login > cas"
  std::string comparator;  // "<=" or ">="
  double measured = 0;
  double bound = 0;
  std::string unit;        // "ms", "%", "/s"
  bool passed = true;
  // After a capacity search, `measured` and the fields below are read at the
  // saturation point (CapacityResult::saturation_step) and `at_failing` at
  // the first failing step (failing_step). Older records have none of them.
  std::string subject;     // "journey p95", as the verdict names its limiting step
  std::string status;      // as ObjectiveReading::status; empty: from `passed`
  std::uint64_t samples = 0;
  double low = 0, high = 0;
  bool decided = true;
  bool limiting = false;   // the objective that broke first (the verdict's limiting step)
  bool by_default = false;  // the guard a run judges when given no objective
  std::optional<ObjectiveReading> at_failing;

  ObjectiveReading reading() const;  // measured, samples, interval, status
};

// --segment i/n: one of the n generators sharing a run (1-based).
struct SegmentId {
  int index = 1, count = 1;
};

// One generator of a merged run (`rollcall merge`).
struct SegmentInfo {
  int index = 1, count = 1;
  std::string host;
  double started_at = 0;
};

// Set once, when the run starts. `config` is already redacted (redact.hpp).
struct RunInfo {
  std::string schema = "rollcall.results/1";  // as read; the writer writes its own
  std::string kind = "run";  // "run" or "capacity"
  std::string scenario;
  std::string target;
  std::string rollcall_version;
  std::string host;
  double started_at = 0;  // seconds since the epoch; with --start-at, that instant itself
  double interval_s = 1;
  std::vector<std::string> steps;     // in the order first met
  std::vector<std::string> personas;
  boost::json::object config;
  // A segment of a distributed run (absent: the whole run, 1/1), and the
  // instant it was told to start (--start-at, epoch seconds).
  std::optional<SegmentId> segment;
  std::optional<double> start_at;
  // A merged run: how many generators ran it, and each one (empty: 1).
  int generators = 1;
  std::vector<SegmentInfo> segments;
};

struct RunEnd {
  double duration_s = 0;
  bool interrupted = false;
  int exit_code = 0;
  // An abort_on_fail objective ended the run early: its text and when.
  std::string aborted_by;   // empty: not aborted
  double aborted_after_s = 0;
};

// Whole-run figures, rebuilt from the intervals (exact histogram merges).
struct StepTotals {
  std::string step;
  std::array<std::uint64_t, outcome_count> outcomes{};
  std::map<std::string, std::uint64_t> failures;
  metrics::Histogram latency;
  std::int64_t max_us = 0;  // exact: the largest interval max
  std::uint64_t bytes_read = 0, decoded_bytes = 0;
  std::uint64_t count() const;
  // Queued and rejected are admission answers, not errors.
  std::uint64_t errors() const {
    return count() - outcomes[0] - outcomes[static_cast<std::size_t>(Outcome::queued)] -
           outcomes[static_cast<std::size_t>(Outcome::rejected)];
  }
  double error_ratio() const;
  // The merged histogram's percentile capped at the exact max, as the live
  // histogram would give it (a decoded one only knows the max's bucket).
  std::int64_t percentile(double p) const;
};

struct PersonaTotals {
  std::string persona;
  std::uint64_t started = 0, completed = 0, failed = 0, abandoned = 0, retries = 0, restarts = 0;
  std::uint64_t queued = 0, rejected = 0;
  std::map<std::string, std::uint64_t> failures;
};

struct Results {
  RunInfo run;
  std::vector<Interval> intervals;
  std::vector<CapacityStep> capacity_steps;
  std::optional<Saturation> saturation;
  std::vector<Objective> objectives;
  std::optional<RunEnd> end;  // missing when the process was killed

  // Filled by compute_totals().
  std::vector<StepTotals> step_totals;
  std::vector<PersonaTotals> persona_totals;

  // What the reader had to skip: a torn last line after a crash.
  bool truncated_tail = false;
};

// Merges the intervals into step_totals and persona_totals, in the order of
// run.steps (then first met), and sets each StepInterval::latency from its
// histogram (max_us kept exact). Decodes every interval histogram once.
void compute_totals(Results& r);

// Run duration: the end record's, else the end of the last interval.
double duration_s(const Results& r);

// What broke first, in words: after a capacity search the saturation's
// limiting step (empty when the verdict names none); after a run the step
// with the highest p95.
std::string limiting_step(const Results& r);
// The metrics line a report charts first: the saturation's limiting line,
// else its limiting step when that is a metrics line (older records), else
// the step with the highest p95.
std::string limiting_line(const Results& r);

}  // namespace rollcall::report
