#include "capacity/measure.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "scenario/flow_analysis.hpp"

namespace rollcall::capacity {

namespace {

// A metrics line's or a persona's requests, counted as the objectives read
// them: into an analysis::Tally (a stretch) or a PartTally (one part of it).
template <class Counts, class Stats>
void count_requests(Counts& into, const Stats& stats, std::uint64_t requests) {
  into.requests = requests;
  into.errors = stats.errors();
  into.queued = stats.of(engine::Outcome::queued);
  into.rejected = stats.of(engine::Outcome::rejected);
}

}  // namespace

std::shared_ptr<const PersonaMix> PersonaMix::of(const scenario::Scenario& scenario) {
  auto mix = std::make_shared<PersonaMix>();
  std::vector<std::pair<std::string, std::size_t>> seen;  // step -> how many personas have it
  for (const auto& p : scenario.personas) {
    mix->weights.push_back(p.weight);
    for (auto& step : scenario::step_names(p.flow)) {
      auto at = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == step; });
      if (at == seen.end()) {
        mix->own_steps.emplace_back(step, p.name);
        seen.emplace_back(std::move(step), 1);
      } else {
        ++at->second;
      }
    }
  }
  std::erase_if(mix->own_steps, [&](const auto& own) {
    return std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == own.first; })->second > 1;
  });
  return mix;
}

std::string PersonaMix::persona_of(const std::string& line) const {
  for (const auto& [step, persona] : own_steps)
    if (line == step || line.rfind(step + " > ", 0) == 0) return persona;
  return {};
}

StretchMeter::StretchMeter(std::shared_ptr<const PersonaMix> mix, unsigned threads)
    : mix_(std::move(mix)), threads_(std::max(1u, threads)) {}

void StretchMeter::add(const engine::IntervalReport& interval, std::uint64_t users_before) {
  if (intervals_ == 0) users_at_start_ = static_cast<double>(users_before);
  users_at_end_ = static_cast<double>(interval.stats.users_running);
  users_series_.push_back(users_at_end_);
  stats_.merge(interval.stats);
  ++intervals_;
  seconds_ += interval.length_s;
  cpu_s_ += interval.cpu_s;
  wall_s_ += interval.wall_s;
  users_ += static_cast<double>(interval.stats.users_running);
  add_part(interval.stats, interval.length_s);
}

void StretchMeter::add_part(const engine::JourneyStats& stats, double seconds) {
  analysis::Part part;
  part.seconds = seconds;
  for (const auto& s : stats.steps()) {
    analysis::PartTally t;
    count_requests(t, s, s.count());
    t.latency = analysis::coarse(s.latency);
    part.steps.emplace_back(s.name, std::move(t));
  }
  for (const auto& p : stats.personas()) {
    analysis::PartTally t;
    count_requests(t, p, p.count());
    t.latency = analysis::coarse(p.journey_time);
    part.personas.push_back(std::move(t));
  }
  if (!parts_.empty() && in_last_ < span_) {
    parts_.back().merge(part);
    ++in_last_;
    return;
  }
  if (parts_.size() == max_parts) {
    for (std::size_t i = 0; i < max_parts / 2; ++i) {
      analysis::Part pair = std::move(parts_[2 * i]);
      pair.merge(parts_[2 * i + 1]);
      parts_[i] = std::move(pair);
    }
    parts_.resize(max_parts / 2);
    span_ *= 2;  // every part now holds two full ones: full again
  }
  parts_.push_back(std::move(part));
  in_last_ = 1;
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
  auto m = to_measurement(stats_, seconds_, *mix_, generator());
  m.users = mean_users();
  m.users_at_start = users_at_start_;
  m.users_at_end = users_at_end_;
  m.users_variance = analysis::residual_variance(users_series_);
  m.parts = parts_;
  return m;
}

analysis::Measurement to_measurement(const engine::JourneyStats& stats, double seconds, const PersonaMix& mix,
                                     analysis::GeneratorHealth generator) {
  const auto& persona_weights = mix.weights;
  analysis::Measurement m;
  m.seconds = seconds;
  m.generator = generator;
  for (const auto& s : stats.steps()) {
    analysis::StepTally t;
    t.persona = mix.persona_of(s.name);
    t.step = s.name;
    count_requests(t.tally, s, s.count());
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
    p.ended = personas[i].completed + personas[i].failed + personas[i].abandoned;
    p.journey = personas[i].journey_time;
    count_requests(p.requests, personas[i], personas[i].count());
    m.personas.push_back(std::move(p));
  }
  return m;
}

}  // namespace rollcall::capacity
