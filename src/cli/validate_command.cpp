#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "common/usage_error.hpp"

namespace rollcall::cli {

void add_validate_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario file and its feeders without sending anything");
  cmd->callback([&action] { action = []() -> int { throw UsageError("validate: not built yet"); }; });
}

}  // namespace rollcall::cli
