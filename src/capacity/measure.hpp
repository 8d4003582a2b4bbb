#pragma once
// The engine's statistics, seen as the analysis layer judges them: a
// stretch of a run (a step after its transient, or a recovery window) is
// the merge of its one-second intervals, turned into an
// analysis::Measurement.
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "analysis/measurement.hpp"
#include "engine/journey_stats.hpp"
#include "engine/scenario_plan.hpp"
#include "scenario/model.hpp"

namespace rollcall::capacity {

// Who the scenario's users are, as a measurement needs them: each persona's
// weight (to split the offered arrivals as PersonaPicker does) and, for each
// step only one persona's flow has, that persona (the engine counts a step
// by its name across personas).
struct PersonaMix {
  std::vector<double> weights;
  std::vector<std::pair<std::string, std::string>> own_steps;  // step -> its only persona

  static std::shared_ptr<const PersonaMix> of(const scenario::Scenario& scenario);
  // The persona of a metrics line (a step or one of its hops); empty when
  // the step is shared.
  std::string persona_of(const std::string& line) const;
};

// Adds up the intervals of one stretch. The generator's CPU is the
// process's, spread over its lanes: there is no per-lane CPU figure yet,
// so a lane that works harder than the others is under-estimated, and
// anything else in the process (the simulator of `rollcall demo`) counts
// as the generator's, which errs on the side of calling a step invalid.
class StretchMeter {
 public:
  StretchMeter(std::shared_ptr<const PersonaMix> mix, unsigned threads);

  // `users_before`: journeys under way when the interval began (the last
  // interval's users_running), the stretch's starting backlog.
  void add(const engine::IntervalReport& interval, std::uint64_t users_before = 0);

  bool empty() const { return intervals_ == 0; }
  double seconds() const { return seconds_; }
  const engine::JourneyStats& stats() const { return stats_; }
  double requests_per_s() const;
  double mean_users() const;  // journeys under way at an interval's end, on average
  analysis::GeneratorHealth generator() const;
  analysis::Measurement measurement() const;

 private:
  std::shared_ptr<const PersonaMix> mix_;
  unsigned threads_;
  engine::JourneyStats stats_;
  std::size_t intervals_ = 0;
  double seconds_ = 0;
  double cpu_s_ = 0;
  double wall_s_ = 0;
  double users_ = 0;
  double users_at_start_ = 0;
  double users_at_end_ = 0;
  std::vector<double> users_series_;  // users_running at each interval's end
  // The stretch in consecutive parts (Measurement::parts): an interval
  // each, until there are max_parts; then neighbours merge, and each part
  // holds twice as many intervals.
  static constexpr std::size_t max_parts = 64;
  std::vector<analysis::Part> parts_;
  std::size_t span_ = 1;     // intervals per part
  std::size_t in_last_ = 0;  // intervals in the last part
  void add_part(const engine::JourneyStats& stats, double seconds);
};

// `offered` per persona: the schedule's arrivals (JourneyStats::scheduled)
// split by the personas' weights, as PersonaPicker splits them.
analysis::Measurement to_measurement(const engine::JourneyStats& stats, double seconds, const PersonaMix& mix,
                                     analysis::GeneratorHealth generator);

}  // namespace rollcall::capacity
