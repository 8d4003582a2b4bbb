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
  for (std::size_t i = fine.filled_begin(); i < fine.filled_end(); ++i)
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

}  // namespace rollcall::analysis
