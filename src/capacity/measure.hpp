#pragma once
// The engine's statistics, seen as the analysis layer judges them: a
// stretch of a run (a step after its transient, or a recovery window) is
// the merge of its one-second intervals, turned into an
// analysis::Measurement.
#include <cstddef>
#include <vector>

#include "analysis/measurement.hpp"
#include "engine/journey_stats.hpp"
#include "engine/scenario_plan.hpp"

namespace rollcall::capacity {

// Adds up the intervals of one stretch. The generator's CPU is the
// process's, spread over its lanes: there is no per-lane CPU figure yet,
// so a lane that works harder than the others is under-estimated, and
// anything else in the process (the simulator of `rollcall demo`) counts
// as the generator's, which errs on the side of calling a step invalid.
class StretchMeter {
 public:
  StretchMeter(std::vector<double> persona_weights, unsigned threads);

  void add(const engine::IntervalReport& interval);

  bool empty() const { return intervals_ == 0; }
  double seconds() const { return seconds_; }
  const engine::JourneyStats& stats() const { return stats_; }
  double requests_per_s() const;
  double mean_users() const;  // journeys under way at an interval's end, on average
  analysis::GeneratorHealth generator() const;
  analysis::Measurement measurement() const;

 private:
  std::vector<double> weights_;
  unsigned threads_;
  engine::JourneyStats stats_;
  std::size_t intervals_ = 0;
  double seconds_ = 0;
  double cpu_s_ = 0;
  double wall_s_ = 0;
  double users_ = 0;
};

// `offered` per persona: the schedule's arrivals (JourneyStats::scheduled)
// split by the personas' weights, as PersonaPicker splits them.
analysis::Measurement to_measurement(const engine::JourneyStats& stats, double seconds,
                                     const std::vector<double>& persona_weights, analysis::GeneratorHealth generator);

}  // namespace rollcall::capacity
