#include "cli/app.hpp"

#include <cctype>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/scenario_file.hpp"
#include "common/exit_code.hpp"
#include "common/usage_error.hpp"

namespace rollcall::cli {

namespace {

// Every flag can also come from the environment: --max-rate from
// ROLLCALL_MAX_RATE, so that a CI job keeps secrets and per-environment
// settings in its variables rather than in its command line. The command
// line wins when both give one.
void read_flags_from_environment(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    const auto& names = option->get_lnames();
    if (names.empty() || names.front() == "help" || names.front() == "version") continue;
    std::string env = "ROLLCALL_";
    for (char c : names.front()) env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    option->envname(env);
  }
  for (CLI::App* sub : app.get_subcommands({})) read_flags_from_environment(*sub);
}

int print_error(const std::string& message) {
  fmt::print(stderr, "rollcall: error: {}\n", message);
  return exit_code::usage;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"rollcall: find where a school digital workspace breaks before the rollout", "rollcall"};
  app.set_version_flag("--version", ROLLCALL_VERSION);
  app.require_subcommand(1);

  Action action;
  add_bench_command(app, action);
  add_sim_command(app, action);
  add_validate_command(app, action);
  add_try_command(app, action);
  add_import_har_command(app, action);
  add_run_command(app, action);
  add_report_command(app, action);
  add_compare_command(app, action);
  add_merge_command(app, action);
  add_capacity_command(app, action);
  add_demo_command(app, action);
  add_completion_command(app, action);
  read_flags_from_environment(app);

  // CLI11 would say "a subcommand is required"; name the unknown word instead.
  if (argc > 1 && argv[1][0] != '-') {
    const std::string word = argv[1];
    bool known = false;
    for (const auto* sub : app.get_subcommands({})) known = known || sub->get_name() == word;
    if (!known) return print_error(fmt::format("unknown command '{}' (see rollcall --help)", word));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return print_error(fmt::format("{} (see rollcall --help)", e.what()));
  }

  try {
    return action ? action() : exit_code::usage;
  } catch (const UsageError& e) {
    return print_error(e.what());
  } catch (const ScenarioRejected&) {
    return exit_code::usage;  // its problems are already printed, one per line
  } catch (const std::exception& e) {
    // A bug, not the user's fault; still one line and no stack trace.
    fmt::print(stderr, "rollcall: internal error: {}\n", e.what());
    return exit_code::usage;
  }
}

}  // namespace rollcall::cli
