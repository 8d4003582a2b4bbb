// `rollcall compare BASELINE CANDIDATE`: per step, the change in latency
// percentiles and error ratio between two runs, and whether it is a
// regression (significant and beyond --tolerance). Exit code 1 on a
// regression, so a deployment pipeline can gate on it.
#include <charconv>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/results_input.hpp"
#include "common/exit_code.hpp"
#include "common/usage_error.hpp"
#include "report/compare.hpp"
#include "report/results_dir.hpp"

namespace rollcall::cli {

namespace {

struct CompareArgs {
  std::string baseline, candidate;
  std::string tolerance = "10%";
  double alpha = 0.05;
  bool json = false;
  std::string junit_file;
};

// "10%" or "0.10"; a bare number of 1 or more is surely a percentage missing its sign.
double parse_tolerance(const std::string& text) {
  std::string_view digits = text;
  const bool percent = digits.ends_with('%');
  if (percent) digits.remove_suffix(1);
  double v = -1;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc{} || end != digits.data() + digits.size() || v < 0 || (!percent && v >= 1))
    throw UsageError(fmt::format("--tolerance '{}': expected a percentage such as 10% or a fraction such as 0.10", text));
  return percent ? v / 100 : v;
}

int compare_command(const CompareArgs& args) {
  report::CompareOptions options;
  options.tolerance = parse_tolerance(args.tolerance);
  if (!(args.alpha > 0 && args.alpha < 1)) throw UsageError(fmt::format("--alpha {}: expected a number between 0 and 1", args.alpha));
  options.alpha = args.alpha;
  const report::Results baseline = load_results(args.baseline);
  const report::Results candidate = load_results(args.candidate);
  report::Comparison c = report::compare_results(baseline, candidate, options);
  c.baseline_label = args.baseline;
  c.candidate_label = args.candidate;
  fmt::print("{}", args.json ? report::compare_json(c) : report::compare_text(c));
  if (!args.junit_file.empty()) {
    try {
      report::write_file_atomically(args.junit_file, report::junit_xml(report::compare_junit_suites(c), candidate.run.started_at));
    } catch (const std::runtime_error& e) {
      throw UsageError(fmt::format("--junit {}", e.what()));
    }
  }
  return c.regression() ? exit_code::objective_failed : exit_code::ok;
}

}  // namespace

void add_compare_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("compare", "Compare two runs step by step: exit code 1 on a significant regression");
  auto args = std::make_shared<CompareArgs>();
  cmd->add_option("baseline", args->baseline, "Results directory of the reference run")->required();
  cmd->add_option("candidate", args->candidate, "Results directory of the run to judge")->required();
  cmd->add_option("--tolerance", args->tolerance, "Change allowed before a significant change is a regression (default 10%)");
  cmd->add_option("--alpha", args->alpha, "Significance level of the Mann-Whitney U test (default 0.05)");
  cmd->add_flag("--json", args->json, "Print JSON (schema rollcall.compare/1) instead of the table");
  cmd->add_option("--junit", args->junit_file, "Also write a JUnit XML file: one case per step and metric");
  cmd->callback([&action, args] { action = [args] { return compare_command(*args); }; });
}

}  // namespace rollcall::cli
