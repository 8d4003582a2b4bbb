#pragma once
// What one stretch of a run measured (a step of a capacity search after its
// transient, or a window of it), in the shape the objectives read. The
// engine's statistics are turned into this by whoever runs the steps; the
// analysis layer never sees sockets or lanes, so all of it runs in tests
// without a network.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "metrics/histogram.hpp"

namespace rollcall::analysis {

// Requests (or journeys) and how they ended. Latencies in microseconds, as
// every histogram of the engine.
struct Tally {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;    // failed: transport, HTTP error, expectation
  std::uint64_t queued = 0;    // answered "wait" (a waiting room)
  std::uint64_t rejected = 0;  // answered "quota reached"
  metrics::Histogram latency;

  void merge(const Tally& other);
};

// One step of one persona's flow, by the name the report shows. The
// engine counts a step by its name across personas: `persona` is set only
// when one persona's flow has that step, and left empty when several
// share it (the scenario loader refuses "persona:step" objectives on
// those, so none is guessed from another persona's requests).
//
// From the engine (capacity/measure.hpp): StepStats -> StepTally (count(),
// errors(), queued, rejected, latency), PersonaStats -> PersonaTally
// (offered: the persona's arrivals due), JourneyStats::loop_lag and
// start_lag p99 (µs) -> GeneratorHealth in ms, getrusage -> cpu.
struct StepTally {
  std::string persona;
  std::string step;
  Tally tally;
};

struct PersonaTally {
  std::string persona;
  std::uint64_t offered = 0;    // arrivals due in the stretch
  std::uint64_t started = 0;
  std::uint64_t completed = 0;
  std::uint64_t ended = 0;      // journeys that ended in the stretch: completed, failed, given up or cut
  metrics::Histogram journey;   // ended journeys' time, from their due time to their end, whatever the end
  Tally requests;               // every request of the persona's journeys (no latency)
};

// A part of a stretch, at coarse resolution: its requests' counts and
// latencies, per metrics line and per persona. A queue's slow seconds come
// in runs, so the samples of one stretch are not independent; how much its
// consecutive parts differ from each other tells how precise an estimate
// over the whole stretch really is (objectives.hpp, "batch means").
struct PartTally {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  std::uint64_t queued = 0;
  std::uint64_t rejected = 0;
  metrics::Histogram latency;  // coarse_histogram(): a step's requests, or a persona's journeys

  PartTally();
  void merge(const PartTally& other);
};

struct Part {
  double seconds = 0;
  std::vector<std::pair<std::string, PartTally>> steps;  // by metrics line
  std::vector<PartTally> personas;                       // as Measurement::personas: journeys, and all their requests

  void merge(const Part& other);
};

// 1 µs to 1 h at one significant figure (buckets 3-6% wide, 3.7 KB): a
// part's latencies only need to say how many lie beyond a threshold.
metrics::Histogram coarse_histogram();
// The same samples, each at its bucket's lowest value, in a coarse histogram.
metrics::Histogram coarse(const metrics::Histogram& fine);

// How the generator itself did: a step where it was the bottleneck says
// nothing about the target (see GeneratorLimits in capacity_search.hpp).
struct GeneratorHealth {
  double loop_lag_p99_ms = 0;   // event loops late for their timers
  double lateness_p99_ms = 0;   // arrivals started after their due time
  double cpu = 0;               // busiest lane's share of its core, 0..1
};

// The variance of a series about its least-squares line (0 for fewer than
// three points): its noise with any steady growth taken out.
double residual_variance(const std::vector<double>& series);

struct Measurement {
  double seconds = 0;           // how long the stretch lasted
  // Journeys under way (users in the middle of a journey): on average over
  // the stretch, and at its two ends. A target that keeps up holds them
  // steady, one that cannot lets them grow; their counting noise is what
  // `achieved` is allowed to miss by (objectives.hpp).
  double users = 0;
  double users_at_start = 0;
  double users_at_end = 0;
  // How much the users under way wander about their trend, second by
  // second: independent users wander like a Poisson count (variance about
  // their mean), but users of a congested target slow down and speed up
  // together, and wander far more.
  double users_variance = 0;
  std::vector<StepTally> steps;
  std::vector<PersonaTally> personas;
  GeneratorHealth generator;
  // The stretch's consecutive parts, in order (a second each, or a few once
  // the stretch is long; none when unknown: every sample then counts as
  // independent).
  std::vector<Part> parts;

  std::uint64_t offered() const;
  std::uint64_t started() const;
  std::uint64_t completed() const;
  std::uint64_t ended() const;
  double offered_rate() const { return seconds > 0 ? static_cast<double>(offered()) / seconds : 0; }
  double achieved_rate() const { return seconds > 0 ? static_cast<double>(completed()) / seconds : 0; }
  double ended_rate() const { return seconds > 0 ? static_cast<double>(ended()) / seconds : 0; }
  // Every request of every step, merged; journeys of every persona, merged.
  Tally requests() const;
  // One metrics line's latencies (every persona's); empty: whole journeys.
  metrics::Histogram line_latency(const std::string& line) const;
  metrics::Histogram journeys() const;
};

}  // namespace rollcall::analysis
