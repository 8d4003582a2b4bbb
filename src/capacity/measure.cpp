#include "capacity/measure.hpp"

#include <cmath>
#include <numeric>

namespace rollcall::capacity {

StretchMeter::StretchMeter(std::vector<double> persona_weights, unsigned threads)
    : weights_(std::move(persona_weights)), threads_(std::max(1u, threads)) {}

void StretchMeter::add(const engine::IntervalReport& interval) {
  stats_.merge(interval.stats);
  ++intervals_;
  seconds_ += interval.length_s;
  cpu_s_ += interval.cpu_s;
  wall_s_ += interval.wall_s;
  users_ += static_cast<double>(interval.stats.users_running);
}

double StretchMeter::requests_per_s() const {
  return seconds_ > 0 ? static_cast<double>(stats_.requests) / seconds_ : 0;
}

double StretchMeter::mean_users() const { return intervals_ > 0 ? users_ / static_cast<double>(intervals_) : 0; }

analysis::GeneratorHealth StretchMeter::generator() const {
  analysis::GeneratorHealth g;
  g.loop_lag_p99_ms = static_cast<double>(stats_.loop_lag.percentile(99)) / 1e3;
  g.lateness_p99_ms = static_cast<double>(stats_.start_lag.percentile(99)) / 1e3;
  g.cpu = wall_s_ > 0 ? cpu_s_ / wall_s_ / threads_ : 0;
  return g;
}

analysis::Measurement StretchMeter::measurement() const {
  return to_measurement(stats_, seconds_, weights_, generator());
}

analysis::Measurement to_measurement(const engine::JourneyStats& stats, double seconds,
                                     const std::vector<double>& persona_weights, analysis::GeneratorHealth generator) {
  analysis::Measurement m;
  m.seconds = seconds;
  m.generator = generator;
  for (const auto& s : stats.steps()) {
    analysis::StepTally t;
    t.step = s.name;  // the engine keys lines by name alone: no persona
    t.tally.requests = s.count();
    t.tally.errors = s.errors();
    t.tally.queued = s.of(engine::Outcome::queued);
    t.tally.rejected = s.of(engine::Outcome::rejected);
    t.tally.latency = s.latency;
    m.steps.push_back(std::move(t));
  }
  const double total_weight = std::accumulate(persona_weights.begin(), persona_weights.end(), 0.0);
  const auto& personas = stats.personas();
  std::uint64_t given = 0;
  for (std::size_t i = 0; i < personas.size(); ++i) {
    analysis::PersonaTally p;
    p.persona = personas[i].name;
    const double share = total_weight > 0 && i < persona_weights.size() ? persona_weights[i] / total_weight : 0;
    // The last persona takes the rounding remainder: the shares add up to the schedule exactly.
    p.offered = i + 1 == personas.size() ? stats.scheduled - std::min(given, stats.scheduled)
                                         : static_cast<std::uint64_t>(std::llround(share * static_cast<double>(stats.scheduled)));
    given += p.offered;
    p.started = personas[i].started;
    p.completed = personas[i].completed;
    p.journey = personas[i].journey_time;
    m.personas.push_back(std::move(p));
  }
  return m;
}

}  // namespace rollcall::capacity
