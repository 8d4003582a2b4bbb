#pragma once
// The results stream (`results.jsonl` in the results directory): one JSON
// object per line, appended while the test runs, so that whatever stops the
// process (Ctrl-C, a crash, SIGKILL, a lost machine) costs at most the
// interval being written. Every output is rebuilt from it alone
// (`rollcall report DIR`). Format: docs/results-format.md.
//
// Wiring (run/capacity): open a writer on DIR/results.jsonl, write_run()
// before the first arrival, write_interval() at each interval boundary (from
// the lanes' merged interval statistics), write_capacity_step() when a
// capacity rung ends, then write_saturation(), write_objectives() and
// write_end() when the run ends. The writer is single-threaded: call it from
// the thread that merges the lanes.
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "report/results.hpp"

namespace rollcall::report {

inline constexpr std::string_view results_stream_schema = "rollcall.results/1";
inline constexpr std::string_view results_stream_file = "results.jsonl";

class ResultsStreamWriter {
 public:
  // Creates or truncates `path`. Throws std::system_error naming it.
  explicit ResultsStreamWriter(const std::string& path);
  ~ResultsStreamWriter();
  ResultsStreamWriter(const ResultsStreamWriter&) = delete;
  ResultsStreamWriter& operator=(const ResultsStreamWriter&) = delete;

  // Each record is one write(2) of one whole line followed by fdatasync, so
  // the file on disk is always a sequence of complete lines plus, at worst,
  // one torn line at the end. fdatasync once a second costs nothing next to
  // a load test; it is what makes a killed machine lose one interval only.
  // Each throws std::system_error naming the file when the disk refuses
  // (full, gone): the caller decides whether the run goes on without it.
  void write_run(const RunInfo& run);  // run.config goes through redact() on the way
  void write_interval(const Interval& interval);
  void write_capacity_step(const CapacityStep& step);
  void write_saturation(const Saturation& saturation);
  void write_objectives(const std::vector<Objective>& objectives);
  void write_end(const RunEnd& end);

  const std::string& path() const { return path_; }

 private:
  void append(std::string_view type, boost::json::object record);

  std::string path_;
  int fd_ = -1;
};

// Rebuilds the model, then compute_totals(). A last line that is torn (no
// newline, or not a complete JSON object) is skipped and sets
// Results::truncated_tail; any other bad line throws std::runtime_error
// naming its line number, since it means the file was edited or corrupted
// rather than cut. Records of unknown types are ignored (newer writers).
Results read_results_stream(std::istream& in);
// The same from a file; throws std::runtime_error when it cannot be opened.
Results read_results_file(const std::string& path);

}  // namespace rollcall::report
