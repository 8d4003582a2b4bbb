#include "report/results.hpp"

#include <algorithm>
#include <array>

#include "metrics/hlog.hpp"

namespace rollcall::report {

namespace {

constexpr std::array<std::string_view, 3> kVerdictNames{"pass", "fail", "invalid"};

template <class Map>
void add_failures(Map& into, const Map& from) {
  for (const auto& [k, v] : from) into[k] += v;
}

}  // namespace

std::string_view verdict_name(Verdict v) { return kVerdictNames[static_cast<std::size_t>(v)]; }

std::optional<Verdict> verdict_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kVerdictNames.size(); ++i)
    if (kVerdictNames[i] == name) return static_cast<Verdict>(i);
  return std::nullopt;
}

LatencySummary summarize(const metrics::Histogram& h) {
  return {h.percentile(50), h.percentile(95), h.percentile(99), h.max(), h.mean()};
}

LatencySummary summarize(const metrics::Histogram& h, std::int64_t exact_max_us) {
  LatencySummary s = summarize(h);
  if (exact_max_us <= 0) return s;
  s.p50_us = std::min(s.p50_us, exact_max_us);
  s.p95_us = std::min(s.p95_us, exact_max_us);
  s.p99_us = std::min(s.p99_us, exact_max_us);
  s.max_us = exact_max_us;
  return s;
}

std::uint64_t StepInterval::count() const {
  std::uint64_t n = 0;
  for (auto v : outcomes) n += v;
  return n;
}

void set_histogram(StepInterval& s, const metrics::Histogram& h) {
  s.histogram = metrics::encode_compressed_base64(h);
  s.max_us = h.max();
  s.latency = summarize(h);
}

std::uint64_t StepTotals::count() const {
  std::uint64_t n = 0;
  for (auto v : outcomes) n += v;
  return n;
}

std::int64_t StepTotals::percentile(double p) const {
  const auto v = latency.percentile(p);
  return max_us > 0 ? std::min(v, max_us) : v;
}

double StepTotals::error_ratio() const {
  const auto n = count();
  return n == 0 ? 0.0 : static_cast<double>(errors()) / static_cast<double>(n);
}

double UslFit::at(double n) const {
  const double denominator = 1 + sigma * (n - 1) + kappa * n * (n - 1);
  return denominator > 0 ? lambda * n / denominator : 0;
}

std::optional<double> Saturation::margin() const {
  if (!plan || plan->required_per_s <= 0) return std::nullopt;
  return rate_per_s / plan->required_per_s - 1;
}

void compute_totals(Results& r) {
  r.step_totals.clear();
  r.persona_totals.clear();
  auto step_slot = [&](const std::string& name) -> StepTotals& {
    for (auto& s : r.step_totals)
      if (s.step == name) return s;
    r.step_totals.emplace_back();
    r.step_totals.back().step = name;
    return r.step_totals.back();
  };
  auto persona_slot = [&](const std::string& name) -> PersonaTotals& {
    for (auto& p : r.persona_totals)
      if (p.persona == name) return p;
    r.persona_totals.emplace_back();
    r.persona_totals.back().persona = name;
    return r.persona_totals.back();
  };
  for (const auto& name : r.run.steps) step_slot(name);
  for (const auto& name : r.run.personas) persona_slot(name);
  // One histogram decodes every interval's: a new one for each would be
  // 184 KiB to allocate and zero, thousands of times in an hour's run.
  metrics::Histogram h;
  for (auto& interval : r.intervals) {
    for (auto& s : interval.steps) {
      auto& total = step_slot(s.step);
      for (std::size_t i = 0; i < outcome_count; ++i) total.outcomes[i] += s.outcomes[i];
      add_failures(total.failures, s.failures);
      total.max_us = std::max(total.max_us, s.max_us);
      total.bytes_read += s.bytes_read;
      total.decoded_bytes += s.decoded_bytes;
      if (s.histogram.empty()) continue;
      metrics::decode_compressed_base64(s.histogram, h);
      total.latency.merge(h);
      s.latency = summarize(h, s.max_us);
    }
    for (const auto& p : interval.personas) {
      auto& total = persona_slot(p.persona);
      total.started += p.started;
      total.completed += p.completed;
      total.failed += p.failed;
      total.abandoned += p.abandoned;
      total.retries += p.retries;
      total.restarts += p.restarts;
      total.queued += p.queued;
      total.rejected += p.rejected;
      add_failures(total.failures, p.failures);
    }
  }
}

double duration_s(const Results& r) {
  if (r.end) return r.end->duration_s;
  if (r.intervals.empty()) return 0;
  return r.intervals.back().t_s + r.intervals.back().length_s;
}

ObjectiveReading Objective::reading() const {
  return {measured, samples, low, high, decided, status.empty() ? (passed ? "pass" : "fail") : status};
}

namespace {

std::string slowest_step(const Results& r) {
  std::string worst;
  std::int64_t worst_p95 = -1;
  for (const auto& s : r.step_totals) {
    if (s.count() == 0) continue;
    const auto p95 = s.percentile(95);
    if (p95 > worst_p95) {
      worst_p95 = p95;
      worst = s.step;
    }
  }
  if (worst.empty() && !r.run.steps.empty()) return r.run.steps.front();
  return worst;
}

}  // namespace

std::string limiting_step(const Results& r) {
  // After a capacity search, only the verdict names what broke: none when
  // the generator was the bottleneck or nothing broke.
  if (r.saturation) return r.saturation->limiting_step;
  return slowest_step(r);
}

std::string limiting_line(const Results& r) {
  if (!r.saturation) return slowest_step(r);
  if (!r.saturation->limiting_line.empty()) return r.saturation->limiting_line;
  const auto& named = r.saturation->limiting_step;
  for (const auto& s : r.step_totals)
    if (s.step == named) return named;
  return slowest_step(r);
}

}  // namespace rollcall::report
