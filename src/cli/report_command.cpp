// `rollcall report RESULTS_DIR`: rebuilds summary.json, latency.hlog,
// junit.xml and report.html from the results stream alone, e.g. after a run
// was killed, or to get the report in another language.
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/results_input.hpp"
#include "common/exit_code.hpp"
#include "common/usage_error.hpp"
#include "report/results_dir.hpp"
#include "report/summary_json.hpp"

namespace rollcall::cli {

namespace {

struct ReportArgs {
  std::string dir;
  std::optional<std::string> lang;
};

int report_command(const ReportArgs& args) {
  report::Lang lang = report::lang_from_environment();
  if (args.lang) {
    const auto chosen = report::lang_from_name(*args.lang);
    if (!chosen) throw UsageError(fmt::format("--lang '{}': expected fr or en", *args.lang));
    lang = *chosen;
  }
  const report::Results results = load_results(args.dir);
  const auto written = report::write_final_outputs(results_dir_of(args.dir), results, lang);
  if (results.truncated_tail) fmt::print(stderr, "rollcall: the stream's last line was cut (crash or kill): skipped\n");
  if (!results.end) fmt::print(stderr, "rollcall: the run did not finish: the outputs cover what was recorded\n");
  if (results.run.generators > 1)
    fmt::print("merged run: {} generators (rollcall merge)\n", results.run.generators);
  fmt::print("{}\n{}\n{}\n{}\n", written.summary, written.hlog, written.junit, written.html);
  // The same gate as the run itself, so CI may rebuild the outputs and branch
  // on this: a stream without its end record is a run that was aborted.
  if (!results.end) return exit_code::aborted;
  return report::objectives_passed(results) ? exit_code::ok : exit_code::objective_failed;
}

}  // namespace

void add_report_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("report", "Rebuild summary.json, latency.hlog, junit.xml and report.html from a results directory");
  auto args = std::make_shared<ReportArgs>();
  cmd->add_option("dir", args->dir, "Results directory (or its results.jsonl)")->required();
  cmd->add_option("--lang", args->lang, "Language of report.html: fr or en (default: from the locale)");
  cmd->callback([&action, args] { action = [args] { return report_command(*args); }; });
}

}  // namespace rollcall::cli
