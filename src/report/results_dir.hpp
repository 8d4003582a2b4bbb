#pragma once
// The results directory of a run or capacity search (--out DIR):
//   results.jsonl   the stream, written as the test goes (results_stream.hpp)
//   summary.json    schema rollcall.summary/1      (summary_json.hpp)
//   latency.hlog    HdrHistogram interval log     (latency_hlog.hpp)
//   junit.xml       one case per objective / rung (junit.hpp)
//   report.html     self-contained report         (html_report.hpp)
// The last four are derived from the stream alone, so `rollcall report DIR`
// rebuilds them after a crash.
//
// Wiring (run/capacity): dir = out.value_or(default_results_dir(now)),
// create_results_dir(dir), stream into dir/results.jsonl, and when the test
// ends: write_final_outputs(dir, read_results_file(dir/results.jsonl), lang)
// (or the in-memory Results after compute_totals()).
#include <string>

#include "report/report_strings.hpp"
#include "report/results.hpp"

namespace rollcall::report {

// "./rollcall-results/2026-11-29T12-07-10Z": UTC, no ':' (Windows shares), sortable;
// "...Z-2", "...Z-3" when runs start in the same second.
std::string default_results_dir(double epoch_s);

// Creates the directory and its parents. Throws std::runtime_error naming
// it when it cannot, or when it already holds a results stream (a second
// run must not overwrite the first's evidence).
void create_results_dir(const std::string& dir);

struct WrittenOutputs {
  std::string summary, hlog, junit, html;  // paths
};

// Writes the four derived files, each to a temporary name then renamed, so
// that a reader never sees half a file. Throws std::runtime_error naming the
// file on an I/O error.
WrittenOutputs write_final_outputs(const std::string& dir, const Results& r, Lang lang);

// This machine's name, for RunInfo::host ("unknown" if it has none).
std::string host_name();

// Writes `content` to `path` atomically (temporary file, fsync, rename).
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace rollcall::report
