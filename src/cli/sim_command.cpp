#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "common/usage_error.hpp"

namespace rollcall::cli {

void add_sim_command(CLI::App& app, Action& action) {
  auto* sim = app.add_subcommand("sim", "Run the built-in ENT simulator");
  sim->callback([&action] { action = [] () -> int { throw UsageError("sim: not built yet"); }; });
}

}  // namespace rollcall::cli
