#include "report/stream_measure.hpp"

#include <algorithm>
#include <cmath>

#include "http/failure.hpp"
#include "metrics/hlog.hpp"

namespace rollcall::report {

namespace {

constexpr double kSampleTimeSlack = 1e-6;

std::uint64_t whole_count(double per_s, double length_s) {
  const double n = per_s * length_s;
  return n > 0 ? static_cast<std::uint64_t>(std::llround(n)) : 0;
}

void count_failures(std::array<std::uint64_t, http::failure_count>& into, const std::map<std::string, std::uint64_t>& by_name) {
  for (std::size_t i = 1; i < http::failure_count; ++i) {
    const auto at = by_name.find(std::string(http::failure_name(static_cast<http::Failure>(i))));
    if (at != by_name.end()) into[i] += at->second;
  }
}

std::vector<std::string> persona_names(const Results& r) {
  std::vector<std::string> names = r.run.personas;
  for (const auto& in : r.intervals)
    for (const auto& p : in.personas)
      if (std::find(names.begin(), names.end(), p.persona) == names.end()) names.push_back(p.persona);
  return names;
}

}  // namespace

std::shared_ptr<const capacity::PersonaMix> persona_mix(const Results& r, const std::vector<scenario::Objective>& objectives) {
  auto mix = std::make_shared<capacity::PersonaMix>();
  const auto names = persona_names(r);
  mix->weights.assign(names.size(), 1.0);
  if (const auto* list = r.run.config.if_contains("personas"); list && list->is_array())
    for (const auto& v : list->get_array()) {
      if (!v.is_object()) continue;
      const auto* name = v.get_object().if_contains("name");
      const auto* weight = v.get_object().if_contains("weight");
      if (!name || !name->is_string() || !weight || !weight->is_number()) continue;
      const auto at = std::find(names.begin(), names.end(), std::string_view(name->get_string()));
      if (at != names.end()) mix->weights[static_cast<std::size_t>(at - names.begin())] = weight->to_number<double>();
    }
  for (const auto& o : objectives)
    if (!o.persona.empty() && !o.step.empty()) mix->own_steps.emplace_back(o.step, o.persona);
  return mix;
}

engine::JourneyStats journey_stats(const Interval& in, const std::vector<std::string>& personas) {
  engine::JourneyStats stats;
  stats.set_personas(personas);
  for (const auto& s : in.steps) {
    auto& line = stats.step(s.step);
    for (std::size_t i = 0; i < outcome_count; ++i) line.outcomes[i] += s.outcomes[i];
    count_failures(line.failures, s.failures);
    if (!s.histogram.empty()) line.latency.merge(metrics::decode_compressed_base64(s.histogram));
    line.bytes_read += s.bytes_read;
    line.decoded_bytes += s.decoded_bytes;
  }
  for (const auto& p : in.personas) {
    const auto at = std::find(personas.begin(), personas.end(), p.persona);
    if (at == personas.end()) continue;
    auto& out = stats.persona(static_cast<std::size_t>(at - personas.begin()));
    out.started += p.started;
    out.completed += p.completed;
    out.failed += p.failed;
    out.abandoned += p.abandoned;
    out.retries += p.retries;
    out.restarts += p.restarts;
    // Only what the objectives read of a persona's requests is kept: how
    // many, how many failed, queued or were turned away.
    const std::uint64_t answered = p.errors + p.queued + p.rejected;
    out.outcomes[static_cast<std::size_t>(Outcome::success)] += p.requests > answered ? p.requests - answered : 0;
    out.outcomes[static_cast<std::size_t>(Outcome::http_error)] += p.errors;
    out.outcomes[static_cast<std::size_t>(Outcome::queued)] += p.queued;
    out.outcomes[static_cast<std::size_t>(Outcome::rejected)] += p.rejected;
    count_failures(out.failures, p.failures);
    if (!p.journey_histogram.empty()) out.journey_time.merge(metrics::decode_compressed_base64(p.journey_histogram));
  }
  stats.scheduled = whole_count(in.offered_per_s, in.length_s);
  stats.arrivals = whole_count(in.achieved_per_s, in.length_s);
  stats.users_running = in.users_running.value_or(0);
  if (in.accounting) {
    stats.requests = in.accounting->requests;
    stats.not_sent = in.accounting->not_sent;
    stats.unfinished = in.accounting->unfinished;
  }
  return stats;
}

analysis::Measurement run_measurement(const Results& r, const capacity::PersonaMix& mix) {
  const auto names = persona_names(r);
  engine::JourneyStats total;
  total.set_personas(names);
  for (const auto& in : r.intervals) total.merge(journey_stats(in, names));
  return capacity::to_measurement(total, duration_s(r), mix, {});
}

analysis::Measurement stretch_measurement(const Results& r, double from_s, double to_s,
                                          std::shared_ptr<const capacity::PersonaMix> mix) {
  const auto names = persona_names(r);
  capacity::StretchMeter meter(std::move(mix), 1);
  std::uint64_t users_before = 0;  // journeys under way when the stretch began
  for (const auto& in : r.intervals) {
    if (in.t_s < from_s - kSampleTimeSlack) {
      users_before = in.users_running.value_or(0);
      continue;
    }
    if (in.t_s >= to_s - kSampleTimeSlack) break;
    const auto stats = journey_stats(in, names);
    meter.add(engine::IntervalReport{0, in.t_s, in.length_s, stats, 0, 0}, users_before);
    users_before = stats.users_running;
  }
  // The generators' health is judged per segment, from their own records.
  return meter.measurement();
}

}  // namespace rollcall::report
