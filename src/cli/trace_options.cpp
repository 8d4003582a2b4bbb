#include "cli/trace_options.hpp"

#include <fstream>

#include <fmt/format.h>

#include "common/usage_error.hpp"

namespace rollcall::cli {

void add_trace_flags(CLI::App* cmd, TraceArgs& args) {
  cmd->add_option("--trace-failures", args.file,
                  "Write the first failing journeys (every exchange up to the failure, secrets masked) to this HAR "
                  "file, for a browser's developer tools");
  cmd->add_option("--trace-failures-max", args.most, "How many failing journeys --trace-failures keeps")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
}

std::unique_ptr<report::FailureTrace> open_trace(const TraceArgs& args, const scenario::Scenario& scenario) {
  if (args.file.empty()) return nullptr;
  if (!std::ofstream(args.file, std::ios::app))
    throw UsageError(fmt::format("--trace-failures {}: cannot write this file", args.file));
  return std::make_unique<report::FailureTrace>(scenario, args.most);
}

void finish_trace(const report::FailureTrace* trace, const TraceArgs& args, std::FILE* out) {
  if (!trace) return;
  if (!trace->write(args.file)) {
    fmt::print(out, "  trace        could not write {}\n", args.file);
    return;
  }
  if (trace->journeys() == 0)
    fmt::print(out, "  trace        no journey failed: {} has no entries\n", args.file);
  else
    fmt::print(out, "  trace        {} failing journeys in {} (HAR 1.2: open it in a browser's developer tools)\n",
               trace->journeys(), args.file);
}

}  // namespace rollcall::cli
