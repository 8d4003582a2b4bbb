#include "report/run_recorder.hpp"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "engine/journey_stats.hpp"
#include "report/engine_records.hpp"

namespace rollcall::report {

RunRecorder::RunRecorder(std::string dir, RunInfo info, unsigned threads) : dir_(std::move(dir)), threads_(threads) {
  create_results_dir(dir_);
  stream_ = std::make_unique<ResultsStreamWriter>(dir_ + "/" + std::string(results_stream_file));
  results_.run = std::move(info);
  stream_->write_run(results_.run);
}

// A full disk must not stop a load test that a shared CAS is under: the
// run goes on, the stream stops, and the user is told once.
void RunRecorder::write(const std::function<void()>& append) {
  if (stream_failed_) return;
  try {
    append();
  } catch (const std::exception& e) {
    stream_failed_ = true;
    std::fprintf(stderr, "rollcall: the results stream stopped: %s\n", e.what());
  }
}

Interval RunRecorder::interval_of(const engine::IntervalReport& r, unsigned threads, const GeneratorThresholds& limits) {
  Interval out;
  out.t_s = r.start_s;
  out.length_s = r.length_s;
  const double len = r.length_s > 0 ? r.length_s : 1;
  out.offered_per_s = static_cast<double>(r.stats.scheduled) / len;
  out.achieved_per_s = static_cast<double>(r.stats.arrivals) / len;
  for (const auto& s : r.stats.steps())
    if (s.count() > 0) out.steps.push_back(step_interval(s));
  for (const auto& p : r.stats.personas()) out.personas.push_back(persona_interval(p));
  out.accounting = IntervalAccounting{r.stats.requests, r.stats.not_sent, r.stats.unfinished, r.stats.stale_retries,
                                      r.stats.internal_errors};
  out.users_running = r.stats.users_running;
  auto& g = out.generator;
  g.loop_lag_p99_ms = static_cast<double>(r.stats.loop_lag.percentile(99)) / 1000.0;
  g.lateness_p99_ms = static_cast<double>(r.stats.start_lag.percentile(99)) / 1000.0;
  // The process's CPU is read when the interval is collected, so the window
  // it covers wanders around the interval's length; a window much shorter
  // (the last interval, collected as soon as the lanes drain) would turn a
  // few milliseconds of teardown into a saturated generator.
  const double window_s = std::max(r.wall_s, r.length_s);
  g.cpu_percent = window_s > 0 ? 100.0 * r.cpu_s / window_s : 0;
  g.unsent = r.stats.scheduled > r.stats.arrivals + r.stats.feeder_exhausted
                 ? r.stats.scheduled - r.stats.arrivals - r.stats.feeder_exhausted
                 : 0;
  if (g.loop_lag_p99_ms > limits.loop_lag_p99_ms)
    g.invalid_reason = fmt::format("event-loop lag p99 {:.1f} ms above {:g} ms", g.loop_lag_p99_ms, limits.loop_lag_p99_ms);
  else if (g.lateness_p99_ms > limits.lateness_p99_ms)
    g.invalid_reason = fmt::format("journeys started {:.1f} ms late (p99), above {:g} ms", g.lateness_p99_ms, limits.lateness_p99_ms);
  else if (g.cpu_percent > 100.0 * limits.cpu_share * threads)
    g.invalid_reason = fmt::format("CPU {:.0f}% of {} cores", g.cpu_percent, threads);
  g.valid = g.invalid_reason.empty();
  return out;
}

void RunRecorder::record(const engine::IntervalReport& interval) {
  Interval out = interval_of(interval, threads_, GeneratorThresholds{});
  for (const auto& s : out.steps)
    if (std::find(results_.run.steps.begin(), results_.run.steps.end(), s.step) == results_.run.steps.end())
      results_.run.steps.push_back(s.step);
  write([&] { stream_->write_interval(out); });
  results_.intervals.push_back(std::move(out));
}

void RunRecorder::record(const CapacityStep& step) {
  write([&] { stream_->write_capacity_step(step); });
  results_.capacity_steps.push_back(step);
}

void RunRecorder::record(const Saturation& saturation) {
  write([&] { stream_->write_saturation(saturation); });
  results_.saturation = saturation;
}

void RunRecorder::record(const std::vector<Objective>& objectives) {
  write([&] { stream_->write_objectives(objectives); });
  results_.objectives = objectives;
}

WrittenOutputs RunRecorder::finish(const RunEnd& end, Lang lang) {
  write([&] { stream_->write_end(end); });
  results_.end = end;
  compute_totals(results_);
  return write_final_outputs(dir_, results_, lang);
}

}  // namespace rollcall::report
