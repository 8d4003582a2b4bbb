// `rollcall run FILE`: a scenario's journeys with many virtual users.
#include <fstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/limit_hints.hpp"
#include "cli/options.hpp"
#include "cli/scenario_file.hpp"
#include "common/exit_code.hpp"
#include "common/usage_error.hpp"
#include "engine/scenario_run.hpp"
#include "http/probe.hpp"
#include "http/resolve.hpp"
#include "http/source_addresses.hpp"
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
  std::optional<std::string> ramp_up;
  std::string source_ip;
};

// Starting many users at once is a burst of connections and logins that
// stalls the event loops: without --ramp-up, more than 1,000 users start
// over 1 ms each (100,000 users: 100 s), at most half the run.
std::chrono::nanoseconds default_ramp_up(unsigned vus, std::chrono::nanoseconds duration) {
  if (vus <= 1000) return {};
  return std::min<std::chrono::nanoseconds>(std::chrono::milliseconds(vus), duration / 2);
}

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
  if (a.ramp_up) {
    if (load.rate) throw UsageError("--ramp-up spreads the start of --vus users; an open model (--rate) has no users to start");
    load.ramp_up = non_negative_duration("--ramp-up", *a.ramp_up);
    if (load.ramp_up >= load.duration)
      throw UsageError(fmt::format("--ramp-up {} must be shorter than --duration {}: users due after the end never start",
                                   *a.ramp_up, a.duration));
  } else if (load.vus) {
    load.ramp_up = default_ramp_up(*load.vus, load.duration);
  }
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
  if (!args.source_ip.empty())
    plan.sources = http::checked_source_addresses(args.source_ip, endpoints.front().address().is_v6());
  auto tls_context = scenario.target.tls ? http::make_client_context(plan.tls) : nullptr;
  if (auto problem = http::probe(scenario.target, endpoints, tls_context, plan.tls.verify, scenario.defaults.connect_timeout))
    throw UsageError(*problem);

  if (load.vus) warn_single_source(*load.vus, plan.sources, "--vus");
  const engine::ScenarioResult result = engine::run_scenario(plan);
  fmt::print("{}", report::run_summary_text(plan, result));
  print_limit_hints(result.stats, limit_context(plan.sources, endpoints, result.descriptor_limit, load.rate ? "--rate" : "--vus"));
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
  cmd->add_option("--ramp-up", args->ramp_up,
                  "Closed model: start the users evenly over this time (default: 0s up to 1,000 users, "
                  "then 1 ms per user, at most half the duration)");
  cmd->add_option("--source-ip", args->source_ip,
                  "Local addresses new connections leave from, in turn: a range 127.0.0.2-127.0.0.20 or a list "
                  "127.0.0.2,127.0.0.3 (more than ~28,000 connections to one server)");
  cmd->callback([&action, args] { action = [args] { return run_command(*args); }; });
}

}  // namespace rollcall::cli
