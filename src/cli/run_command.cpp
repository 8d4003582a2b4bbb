#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "common/usage_error.hpp"

namespace rollcall::cli {

void add_run_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("run", "Run a scenario's journeys with many virtual users");
  cmd->callback([&action] { action = []() -> int { throw UsageError("run: not built yet"); }; });
}

}  // namespace rollcall::cli
