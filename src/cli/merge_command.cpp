// `rollcall merge DIR... --out DIR`: the results directories of a
// distributed run's segments (--segment i/n on n generators) merged into
// one, which `report`, `compare` and report.html read as any other.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/results_input.hpp"
#include "cli/results_options.hpp"
#include "common/exit_code.hpp"
#include "common/usage_error.hpp"
#include "report/merge.hpp"
#include "report/results_dir.hpp"
#include "report/results_stream.hpp"

namespace rollcall::cli {

namespace {

struct MergeArgs {
  std::vector<std::string> dirs;
  std::string out;
  std::optional<std::string> lang;
};

// The merged stream, record by record as a run writes it: the stream stays
// the source of truth, and `rollcall report OUT` rebuilds the same outputs.
void write_stream(const std::string& dir, const report::Results& r) {
  report::ResultsStreamWriter stream(dir + "/" + std::string(report::results_stream_file));
  stream.write_run(r.run);
  for (const auto& i : r.intervals) stream.write_interval(i);
  for (const auto& s : r.capacity_steps) stream.write_capacity_step(s);
  if (r.saturation) stream.write_saturation(*r.saturation);
  if (!r.objectives.empty()) stream.write_objectives(r.objectives);
  if (r.end) stream.write_end(*r.end);
}

int merge_command(const MergeArgs& args) {
  const report::Lang lang = chosen_lang(args.lang);
  std::vector<report::SegmentDir> dirs;
  for (const auto& d : args.dirs) dirs.push_back(report::SegmentDir{d, load_results(d)});
  report::MergedRun merged;
  try {
    merged = report::merge_segments(dirs);
  } catch (const report::MergeRefused& e) {
    throw UsageError(fmt::format("merge: {}", e.what()));
  }
  try {
    report::create_results_dir(args.out);
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("--out: {}", e.what()));
  }
  for (const auto& note : merged.notes) fmt::print(stderr, "rollcall merge: {}\n", note);
  write_stream(args.out, merged.results);
  const auto written = report::write_final_outputs(args.out, merged.results, lang);
  const auto& run = merged.results.run;
  fmt::print("merged {} generators: {} intervals, {}\n", run.generators, merged.results.intervals.size(),
             merged.exit_code == exit_code::ok                  ? "every objective met"
             : merged.exit_code == exit_code::objective_failed  ? "an objective failed"
             : merged.exit_code == exit_code::generator_limited ? "invalid: the generators were the bottleneck"
                                                                : "a segment did not finish");
  fmt::print("{}/{}\n{}\n{}\n{}\n{}\n", args.out, report::results_stream_file, written.summary, written.hlog, written.junit,
             written.html);
  return merged.exit_code;
}

}  // namespace

void add_merge_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("merge", "Merge the results directories of a run's segments (--segment i/n) into one");
  auto args = std::make_shared<MergeArgs>();
  cmd->add_option("dir", args->dirs, "The segments' results directories (or their results.jsonl), one per generator")
      ->required();
  cmd->add_option("--out", args->out, "Results directory to write the merged run into (must not hold a run yet)")->required();
  cmd->add_option("--lang", args->lang, "Language of report.html: fr or en (default: from the locale)");
  cmd->footer(
      "Each directory must be one segment of the same run: the same scenario, interval and schema, segments 1 to n "
      "each given once (a directory without a segment number is taken as-is only when several are given; they are "
      "then segments 1 to n in the order given). Intervals are aligned on the wall clock (--start-at aligns them "
      "exactly, otherwise to the nearest interval), counts are summed and latency histograms added exactly; an "
      "interval is invalid when any segment's generator was the bottleneck. Objectives, and a capacity staircase's "
      "verdict, are judged again on the merged data. Writes results.jsonl, summary.json, latency.hlog, junit.xml and "
      "report.html. Exit code: 0, 1 when an objective failed, 2 on directories that do not belong together, 3 when a "
      "segment did not finish, 4 when the generators were the bottleneck.");
  cmd->callback([&action, args] { action = [args] { return merge_command(*args); }; });
}

}  // namespace rollcall::cli
