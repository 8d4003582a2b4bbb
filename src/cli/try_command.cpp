// `rollcall try FILE`: one journey per persona (or the one asked for), one
// after the other, every exchange printed as it happens. What a person runs
// first against a real platform, before any load.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/scenario_file.hpp"
#include "common/exit_code.hpp"
#include "common/usage_error.hpp"
#include "engine/try_run.hpp"
#include "http/resolve.hpp"
#include "report/try_printer.hpp"
#include "scenario/suggest.hpp"

namespace rollcall::cli {

namespace {

struct TryArgs {
  std::string file;
  std::optional<std::string> persona;
  std::size_t row = 1;
  std::optional<std::string> target;
  bool insecure = false;
  std::string cacert;
  std::vector<std::string> resolve;
  std::vector<std::string> feeders;
  http::ProxyChoice proxy;
  std::string max_time = "5m";
};

std::vector<std::size_t> chosen_personas(const scenario::Scenario& scenario, const std::optional<std::string>& wanted) {
  std::vector<std::size_t> chosen;
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < scenario.personas.size(); ++i) {
    names.push_back(scenario.personas[i].name);
    if (!wanted || scenario.personas[i].name == *wanted) chosen.push_back(i);
  }
  if (chosen.empty()) {
    const auto guess = scenario::closest(*wanted, names);
    throw UsageError(fmt::format("--persona {}: the scenario has no such persona{} (personas: {})", *wanted,
                                 guess ? fmt::format("; did you mean '{}'?", *guess) : "", scenario::join_names(names)));
  }
  return chosen;
}

// --row N exists in the feeder of every persona tried.
void check_row(const scenario::Scenario& scenario, const std::vector<std::size_t>& personas, std::size_t row) {
  if (row == 0) throw UsageError("--row 0: rows are numbered from 1 (the first account after the CSV header)");
  for (const auto p : personas) {
    const auto& persona = scenario.personas[p];
    if (persona.feeder && row > persona.feeder->rows->size())
      throw UsageError(fmt::format("--row {}: persona {}'s feeder {} has {} rows", row, persona.name,
                                   persona.feeder->path, persona.feeder->rows->size()));
  }
}

int try_command(const TryArgs& args) {
  const scenario::Scenario scenario = load_or_explain(args.file, args.target, args.feeders);
  const auto personas = chosen_personas(scenario, args.persona);
  check_row(scenario, personas, args.row);
  engine::ScenarioPlan plan;
  plan.scenario = &scenario;
  // One user, journeys in turn: the run's end cuts a journey that lasts too long.
  scenario::LoadSpec load;
  load.model = scenario::VusLoad{1};
  load.duration = positive_duration("--max-time", args.max_time);
  plan.model = engine::make_load_model(load);
  plan.grace = std::chrono::seconds(0);
  plan.think = false;
  plan.tls.verify = !args.insecure;
  plan.tls.ca_file = args.cacert;
  for (const auto& r : args.resolve) plan.pinned.push_back(http::parse_pinned_host(r));
  plan.proxies = chosen_proxies(args.proxy);

  fmt::print("rollcall try {}: {} against {}\n", args.file,
             personas.size() == 1 ? fmt::format("persona {}", scenario.personas[personas[0]].name)
                                  : fmt::format("{} personas, one journey each", personas.size()),
             scenario.target_url);
  std::fflush(stdout);
  const auto result = engine::try_journeys(plan, personas, args.row - 1,
                                           std::make_unique<report::TryPrinter>(scenario, args.row - 1));
  std::size_t completed = 0;
  for (const auto& j : result.journeys) completed += j.end == engine::JourneyEnd::completed;
  fmt::print("\n{} of {} journeys completed\n", completed, result.journeys.size());
  return completed == result.journeys.size() ? exit_code::ok : exit_code::objective_failed;
}

}  // namespace

void add_try_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<TryArgs>();
  auto* cmd = app.add_subcommand("try", "Run one journey per persona, one at a time, printing every exchange: what a "
                                        "real platform answered, before any load");
  cmd->add_option("file", args->file, "Scenario file (YAML)")->required();
  cmd->add_option("--persona", args->persona, "Only this persona's journey");
  cmd->add_option("--row", args->row, "Feeder row (account) each journey takes, from 1")->capture_default_str();
  cmd->add_option("--target", args->target, "Base URL, instead of the scenario's target");
  cmd->add_flag("--insecure", args->insecure, "Do not verify the servers' TLS certificates");
  cmd->add_option("--cacert", args->cacert, "Trust this PEM CA file instead of the system's");
  cmd->add_option("--max-time", args->max_time, "Each journey ends (cut short) after this long")->capture_default_str();
  add_resolve_flag(cmd, args->resolve);
  add_feeder_flag(cmd, args->feeders);
  add_proxy_flags(cmd, args->proxy);
  cmd->callback([&action, args] { action = [args] { return try_command(*args); }; });
}

}  // namespace rollcall::cli
