#include <CLI/CLI.hpp>

#include "cli/command.hpp"

namespace rollcall::cli {

void add_bench_command(CLI::App& app, Action& action) {
  auto* bench = app.add_subcommand("bench", "Raw HTTP load on one URL, in the spirit of wrk");
  bench->callback([&action] { action = [] { return 0; }; });
}

}  // namespace rollcall::cli
