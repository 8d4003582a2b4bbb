// `rollcall capacity FILE`: the saturation point of the target, by a
// staircase of arrival rates, a bisection and a recovery check.
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/capacity_options.hpp"
#include "cli/distribution.hpp"
#include "cli/options.hpp"
#include "cli/command.hpp"
#include "cli/scenario_file.hpp"
#include "common/usage_error.hpp"
#include "http/probe.hpp"
#include "http/resolve.hpp"
#include "http/tls.hpp"

namespace rollcall::cli {

namespace {

struct CapacityCommandArgs {
  std::string file;
  std::optional<std::string> target;
  CapacityArgs search;
};

int capacity_command(const CapacityCommandArgs& args) {
  // Before anything else: a machine given the wrong time must say so at once.
  const std::optional<StartAt> start_at = start_at_flag(args.search.start_at);
  const engine::Slice segment = segment_flag(args.search.segment);
  const scenario::Scenario scenario = load_or_explain(args.file, args.target, args.search.feeders);
  capacity::SearchOptions options = search_options(args.search, scenario);
  if (args.search.segment) check_segment_rows(scenario, segment, *args.search.segment);
  distribute_search(options, segment);
  // A target that cannot be reached is a usage problem, said before the first step.
  const auto& target = scenario.target;
  auto endpoints = http::resolve_once(http::route_to(target, options.runner.proxies), options.runner.pinned);
  auto tls_context = target.tls ? http::make_client_context(options.runner.tls) : nullptr;
  if (auto problem = http::probe(target, endpoints, tls_context, options.runner.tls.verify, scenario.defaults.connect_timeout,
                                 http::proxy_for(options.runner.proxies, target.tls, target.host, target.port)))
    throw UsageError(*problem);
  if (start_at)
    check_clock(*start_at, target, endpoints, tls_context, options.runner.tls.verify, scenario.defaults.connect_timeout,
                http::proxy_for(options.runner.proxies, target.tls, target.host, target.port));
  return run_capacity_search(scenario, options, args.search, segment, start_at);
}

}  // namespace

void add_capacity_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CapacityCommandArgs>();
  auto* cmd = app.add_subcommand("capacity", "Find the saturation point: the highest journeys/s that meets every objective");
  cmd->add_option("file", args->file, "Scenario file (YAML)")->required();
  cmd->add_option("--target", args->target, "Base URL, instead of the scenario's target");
  cmd->add_option("--json", args->search.json_file, "Also write the whole result as JSON to this file");
  cmd->add_flag("--insecure", args->search.insecure, "Do not verify the servers' TLS certificates");
  cmd->add_option("--cacert", args->search.cacert, "Trust this PEM CA file instead of the system's");
  add_resolve_flag(cmd, args->search.resolve);
  add_feeder_flag(cmd, args->search.feeders);
  add_trace_flags(cmd, args->search.trace);
  add_proxy_flags(cmd, args->search.proxy);
  add_search_flags(cmd, args->search);
  cmd->add_option("--segment", args->search.segment,
                  "i/n: this machine's part of a search n machines run together: the same fixed staircase on each "
                  "(no bisection), 1/n of every rung's arrivals; `rollcall merge` gives the verdict");
  cmd->add_option("--start-at", args->search.start_at,
                  "Start at this instant, RFC 3339 (2026-12-05T08:30:00Z) or Unix seconds, as every machine of a "
                  "distributed search is told; the clock is checked against the target's Date first");
  cmd->callback([&action, args] { action = [args] { return capacity_command(*args); }; });
}

}  // namespace rollcall::cli
