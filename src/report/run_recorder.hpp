#pragma once
// Everything a run or a capacity search writes into its results directory:
// the stream while it goes (one record per interval, flushed, so that a
// crash loses at most the interval under way), then summary.json,
// latency.hlog, junit.xml and report.html at the end. The report can also be
// made again from the stream alone (`rollcall report DIR`).
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/scenario_plan.hpp"
#include "report/report_strings.hpp"
#include "report/results.hpp"
#include "report/results_dir.hpp"
#include "report/results_stream.hpp"

namespace rollcall::report {

// When a stretch of a run says nothing about the target: the generator was
// late or saturated. The capacity search applies the same thresholds.
struct GeneratorThresholds {
  double loop_lag_p99_ms = 20;
  double lateness_p99_ms = 50;
  double cpu_share = 0.9;  // of the lanes' cores
};

class RunRecorder {
 public:
  // Creates `dir` (refusing one that already holds a stream) and writes the
  // run record. Throws std::runtime_error / std::system_error naming it.
  RunRecorder(std::string dir, RunInfo info, unsigned threads);

  // On the run's thread, once per interval.
  void record(const engine::IntervalReport& interval);
  void record(const CapacityStep& step);
  void record(const Saturation& saturation);
  void record(const std::vector<Objective>& objectives);

  // The end record, then the final outputs. Returns their paths.
  WrittenOutputs finish(const RunEnd& end, Lang lang);

  const std::string& dir() const { return dir_; }
  const Results& results() const { return results_; }
  // The interval in the form the stream and the report keep (tested alone).
  static Interval interval_of(const engine::IntervalReport& r, unsigned threads, const GeneratorThresholds& limits);

 private:
  std::string dir_;
  unsigned threads_;
  Results results_;
  std::unique_ptr<ResultsStreamWriter> stream_;
  bool stream_failed_ = false;
  void write(const std::function<void()>& append);
};

}  // namespace rollcall::report
