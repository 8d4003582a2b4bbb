#pragma once
// --trace-failures FILE on run and capacity: the first failing journeys as
// a HAR file (report/failure_trace.hpp).
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "report/failure_trace.hpp"
#include "scenario/model.hpp"

namespace rollcall::cli {

struct TraceArgs {
  std::string file;
  std::size_t most = 10;
};

void add_trace_flags(CLI::App* cmd, TraceArgs& args);

// The trace, when asked for; throws UsageError when the file cannot be
// written, before the first request.
std::unique_ptr<report::FailureTrace> open_trace(const TraceArgs& args, const scenario::Scenario& scenario);

// Writes the trace and says where (on `out`), or says that no journey failed.
void finish_trace(const report::FailureTrace* trace, const TraceArgs& args, std::FILE* out);

}  // namespace rollcall::cli
