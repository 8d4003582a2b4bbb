#include "analysis/measurement.hpp"

#include <algorithm>

namespace rollcall::analysis {

double residual_variance(const std::vector<double>& y) {
  const std::size_t n = y.size();
  if (n < 3) return 0;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<double>(i);
    sx += x;
    sy += y[i];
    sxx += x * x;
    sxy += x * y[i];
  }
  const auto count = static_cast<double>(n);
  const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
  const double intercept = (sy - slope * sx) / count;
  double ss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = y[i] - (intercept + slope * static_cast<double>(i));
    ss += r * r;
  }
  return ss / (count - 2);
}

void Tally::merge(const Tally& other) {
  requests += other.requests;
  errors += other.errors;
  queued += other.queued;
  rejected += other.rejected;
  latency.merge(other.latency);
}

metrics::Histogram coarse_histogram() { return metrics::Histogram(1, 3'600'000'000, 1); }

metrics::Histogram coarse(const metrics::Histogram& fine) {
  metrics::Histogram h = coarse_histogram();
  if (fine.count() == 0) return h;
  for (std::size_t i = 0; i < fine.counts_length(); ++i)
    if (const auto n = fine.count_at_index(i)) h.record_n(fine.value_at_index(i), n);
  return h;
}

PartTally::PartTally() : latency(coarse_histogram()) {}

void PartTally::merge(const PartTally& other) {
  requests += other.requests;
  errors += other.errors;
  queued += other.queued;
  rejected += other.rejected;
  latency.merge(other.latency);
}

void Part::merge(const Part& other) {
  seconds += other.seconds;
  for (const auto& [name, tally] : other.steps) {
    auto at = std::find_if(steps.begin(), steps.end(), [&](const auto& s) { return s.first == name; });
    if (at == steps.end())
      steps.emplace_back(name, tally);
    else
      at->second.merge(tally);
  }
  if (personas.size() < other.personas.size()) personas.resize(other.personas.size());
  for (std::size_t i = 0; i < other.personas.size(); ++i) personas[i].merge(other.personas[i]);
}

std::uint64_t Measurement::offered() const {
  std::uint64_t n = 0;
  for (const auto& p : personas) n += p.offered;
  return n;
}

std::uint64_t Measurement::started() const {
  std::uint64_t n = 0;
  for (const auto& p : personas) n += p.started;
  return n;
}

std::uint64_t Measurement::completed() const {
  std::uint64_t n = 0;
  for (const auto& p : personas) n += p.completed;
  return n;
}

std::uint64_t Measurement::ended() const {
  std::uint64_t n = 0;
  for (const auto& p : personas) n += p.ended;
  return n;
}

Tally Measurement::requests() const {
  Tally all;
  for (const auto& s : steps) all.merge(s.tally);
  return all;
}

metrics::Histogram Measurement::journeys() const {
  metrics::Histogram all;
  for (const auto& p : personas) all.merge(p.journey);
  return all;
}

metrics::Histogram Measurement::line_latency(const std::string& line) const {
  if (line.empty()) return journeys();
  metrics::Histogram h;
  for (const auto& s : steps)
    if (s.step == line) h.merge(s.tally.latency);
  return h;
}

Measurement pooled(const Measurement& a, const Measurement& b) {
  Measurement m = a;
  m.seconds += b.seconds;
  m.users += b.users;
  m.users_at_start += b.users_at_start;
  m.users_at_end += b.users_at_end;
  m.users_variance += b.users_variance;
  for (const auto& s : b.steps) {
    auto at = std::find_if(m.steps.begin(), m.steps.end(),
                           [&](const StepTally& t) { return t.persona == s.persona && t.step == s.step; });
    if (at == m.steps.end())
      m.steps.push_back(s);
    else
      at->tally.merge(s.tally);
  }
  for (const auto& p : b.personas) {
    auto at = std::find_if(m.personas.begin(), m.personas.end(), [&](const PersonaTally& t) { return t.persona == p.persona; });
    if (at == m.personas.end()) {
      m.personas.push_back(p);
      continue;
    }
    at->offered += p.offered;
    at->started += p.started;
    at->completed += p.completed;
    at->ended += p.ended;
    at->journey.merge(p.journey);
    at->requests.merge(p.requests);
  }
  // Parts are per persona by position: only stretches of the same personas
  // in the same order can be laid end to end (a pooled pair always is).
  const bool same_personas = std::equal(a.personas.begin(), a.personas.end(), b.personas.begin(), b.personas.end(),
                                        [](const PersonaTally& x, const PersonaTally& y) { return x.persona == y.persona; });
  if (same_personas)
    m.parts.insert(m.parts.end(), b.parts.begin(), b.parts.end());
  else
    m.parts.clear();
  m.generator.loop_lag_p99_ms = std::max(a.generator.loop_lag_p99_ms, b.generator.loop_lag_p99_ms);
  m.generator.lateness_p99_ms = std::max(a.generator.lateness_p99_ms, b.generator.lateness_p99_ms);
  m.generator.cpu = std::max(a.generator.cpu, b.generator.cpu);
  return m;
}

}  // namespace rollcall::analysis
