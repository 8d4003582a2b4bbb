// `rollcall run FILE`: a scenario's journeys with many virtual users.
#include <fstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/scenario_file.hpp"
#include "common/exit_code.hpp"
#include "common/usage_error.hpp"
#include "engine/scenario_run.hpp"
#include "http/probe.hpp"
#include "http/resolve.hpp"
#include "report/live_status.hpp"
#include "report/run_summary.hpp"

namespace rollcall::cli {

namespace {

struct RunArgs {
  std::string file;
  std::optional<unsigned> vus;
  std::optional<double> rate;
  std::string duration = "30s";
  unsigned threads = 0;
  std::optional<std::string> target;
  std::string json_file;
  bool insecure = false;
  std::string cacert;
  std::uint64_t seed = 1;
  std::string grace = "10s";
  bool no_connection_reuse = false;
  bool quiet = false;
};

engine::SimpleLoad make_load(const RunArgs& a) {
  engine::SimpleLoad load;
  if (a.vus && a.rate) throw UsageError("--vus and --rate are two different loads: give one");
  if (a.vus && *a.vus == 0) throw UsageError("--vus must be at least 1");
  if (a.rate && !(*a.rate > 0))
    throw UsageError(fmt::format("--rate must be a positive number of journeys per second, not {}", *a.rate));
  load.vus = a.vus;
  load.rate = a.rate;
  if (!load.vus && !load.rate) load.vus = 1;
  load.duration = positive_duration("--duration", a.duration);
  return load;
}

int run_command(const RunArgs& args) {
  const engine::SimpleLoad load = make_load(args);
  const auto grace = positive_duration("--grace", args.grace);
  std::ofstream json_out;
  if (!args.json_file.empty()) {
    json_out.open(args.json_file);
    if (!json_out) throw UsageError(fmt::format("--json {}: cannot write this file", args.json_file));
  }
  const scenario::Scenario scenario = load_or_explain(args.file, args.target);

  engine::ScenarioPlan plan;
  plan.scenario = &scenario;
  plan.load = load;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  plan.threads = args.threads == 0 ? cores : args.threads;
  if (load.vus) plan.threads = std::min(plan.threads, *load.vus);
  plan.seed = args.seed;
  plan.grace = grace;
  plan.reuse_connections = !args.no_connection_reuse;
  plan.tls.verify = !args.insecure;
  plan.tls.ca_file = args.cacert;

  auto endpoints = http::resolve_once(scenario.target);
  auto tls_context = scenario.target.tls ? http::make_client_context(plan.tls) : nullptr;
  if (auto problem = http::probe(scenario.target, endpoints, tls_context, plan.tls.verify, scenario.defaults.connect_timeout))
    throw UsageError(*problem);

  report::LiveStatus status(report::LiveStatus::mode_for(stderr, args.quiet), stderr, report::LiveStatus::colour_for(stderr),
                            std::chrono::duration<double>(load.duration).count());
  plan.on_interval = [&status](const engine::IntervalReport& interval) { status.update(interval); };
  const engine::ScenarioResult result = engine::run_scenario(plan);
  status.finish();
  fmt::print("{}", report::run_summary_text(plan, result));
  if (json_out.is_open()) {
    json_out << report::run_summary_json(plan, result);
    json_out.flush();
  }
  return result.interrupted ? exit_code::aborted : exit_code::ok;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Run a scenario's journeys with many virtual users");
  cmd->add_option("file", args->file, "Scenario file (YAML)")->required();
  cmd->add_option("--vus", args->vus, "Closed model: this many users, each starting a journey when the last ended");
  cmd->add_option("--rate", args->rate, "Open model: journeys started per second, on a fixed schedule");
  cmd->add_option("-d,--duration", args->duration, "How long to start journeys (e.g. 60s, 5m)")->capture_default_str();
  cmd->add_option("-t,--threads", args->threads, "Worker threads, one event loop each (default: one per core)");
  cmd->add_option("--target", args->target, "Base URL, instead of the scenario's target");
  cmd->add_option("--json", args->json_file, "Also write the results as JSON to this file");
  cmd->add_flag("--insecure", args->insecure, "Do not verify the servers' TLS certificates");
  cmd->add_option("--cacert", args->cacert, "Trust this PEM CA file instead of the system's");
  cmd->add_option("--seed", args->seed, "Seed of every random draw (think times, random feeders, personas)")
      ->capture_default_str();
  cmd->add_option("--grace", args->grace, "After the end, how long journeys under way may finish")->capture_default_str();
  cmd->add_flag("--no-connection-reuse", args->no_connection_reuse,
               "Closed model: close a user's connections after each journey (open model always does)");
  cmd->add_flag("-q,--quiet", args->quiet, "No live status (by default: a block redrawn each second on a terminal, a line every 10 s otherwise)");
  cmd->callback([&action, args] { action = [args] { return run_command(*args); }; });
}

}  // namespace rollcall::cli
