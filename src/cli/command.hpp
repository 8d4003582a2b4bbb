#pragma once
// Each command lives in its own file and adds itself to the application.
#include <functional>

namespace CLI {
class App;
}

namespace rollcall::cli {

// What a chosen subcommand does once parsing succeeded; returns the exit code.
using Action = std::function<int()>;

void add_bench_command(CLI::App& app, Action& action);
void add_sim_command(CLI::App& app, Action& action);
void add_validate_command(CLI::App& app, Action& action);
void add_run_command(CLI::App& app, Action& action);
void add_report_command(CLI::App& app, Action& action);
void add_compare_command(CLI::App& app, Action& action);
void add_merge_command(CLI::App& app, Action& action);
void add_capacity_command(CLI::App& app, Action& action);
void add_demo_command(CLI::App& app, Action& action);
void add_try_command(CLI::App& app, Action& action);
void add_import_har_command(CLI::App& app, Action& action);
void add_completion_command(CLI::App& app, Action& action);

}  // namespace rollcall::cli
