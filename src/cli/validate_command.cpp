// `rollcall validate FILE`: loads a scenario exactly as `run` does, sends
// nothing, and either lists every problem or says what would run. A feeder
// file with its header only is told as a warning, not refused.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "common/exit_code.hpp"
#include "scenario/loader.hpp"

namespace rollcall::cli {

namespace {

struct ValidateArgs {
  std::string file;
  std::optional<std::string> target;
  std::vector<std::string> feeders;
};

int validate(const ValidateArgs& args) {
  scenario::LoadOptions options;
  options.target_override = args.target;
  options.feeder_files = feeder_files(args.feeders);
  // An accounts file not filled in yet (import-har writes one) is a step
  // on the way, not a mistake in the scenario: said, and the scenario
  // still checked. Nothing that sends requests accepts it.
  options.allow_header_only_feeders = true;
  const auto loaded = scenario::load_scenario(args.file, options);
  for (const auto& w : loaded.warnings) fmt::print(stderr, "{}: warning: {}\n", w.where.str(), w.message);
  if (!loaded.scenario) {
    // One line per problem, as compilers write them, so editors jump to each.
    for (const auto& p : loaded.problems) fmt::print(stderr, "{}: {}\n", p.where.str(), p.message);
    return exit_code::usage;
  }
  fmt::print("{}", scenario::summarize(*loaded.scenario));
  return exit_code::ok;
}

}  // namespace

void add_validate_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario file and its feeders without sending anything");
  auto args = std::make_shared<ValidateArgs>();
  cmd->add_option("file", args->file, "Scenario file (YAML)")->required();
  cmd->add_option("--target", args->target, "Base URL replacing the scenario's target");
  add_feeder_flag(cmd, args->feeders);
  cmd->callback([&action, args] { action = [args] { return validate(*args); }; });
}

}  // namespace rollcall::cli
