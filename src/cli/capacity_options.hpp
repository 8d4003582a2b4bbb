#pragma once
// The flags of `rollcall capacity`, their checks, and the search they ask
// for; shared with `rollcall demo`, which runs the same search with its own
// defaults.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/distribution.hpp"
#include "cli/trace_options.hpp"
#include "capacity/search_run.hpp"
#include "http/proxy.hpp"
#include "scenario/model.hpp"

namespace CLI {
class App;
}

namespace rollcall::cli {

// Defaults for a search of under three minutes against a target of about
// 100 journeys/s on a 2-core machine (docs/capacity.md says why).
struct CapacityArgs {
  std::string start_rate = "10";
  double growth = 2;
  std::optional<std::string> increment;
  std::string hold = "10s";
  std::string transient = "5s";
  std::string warmup = "0s";
  std::string resolution = "5%";
  std::optional<std::string> max_rate;
  bool no_recovery_check = false;
  std::string cooldown = "3s";
  std::string max_cooldown = "30s";
  std::string recovery_hold = "20s";
  std::string recovery_window = "5s";
  std::vector<std::string> slo;
  std::vector<std::string> population;  // ROLE=COUNT[@SHARE]
  std::string peak_window = "1h";
  double peak_factor = 1;
  std::string abort_errors = "50%";
  std::string abort_window = "10s";
  std::optional<double> max_loop_lag_ms;
  std::string arrivals = "poisson";
  std::vector<std::string> no_guard;     // errors, rejected, achieved
  double tail_samples = 10;
  unsigned min_journeys = 100;
  double max_extension = 3;
  std::string max_step = "2m";
  unsigned threads = 0;
  std::uint64_t seed = 1;
  bool insecure = false;
  std::vector<std::string> resolve;  // --resolve HOST:PORT:ADDRESS
  std::vector<std::string> feeders;  // --feeder PERSONA=FILE
  TraceArgs trace;                   // --trace-failures FILE
  http::ProxyChoice proxy;           // --proxy, --no-proxy
  std::string cacert;
  std::string json_file;
  bool quiet = false;
  std::string out;
  std::optional<std::string> lang;
  std::optional<std::string> segment;   // --segment i/n (capacity only)
  std::optional<std::string> start_at;  // --start-at TIME (capacity only)
};

// The scenario's `slo:` and the --slo flags (checked against its steps and
// personas: UsageError naming the flag).
std::vector<scenario::Objective> objectives_from(const std::vector<std::string>& slo, const scenario::Scenario& scenario);

// The search flags (not the file, --target, --json, TLS): for both commands.
void add_search_flags(CLI::App* cmd, CapacityArgs& args);

// Every flag checked, objectives checked against the scenario's steps and
// personas: UsageError (exit 2) before any request.
capacity::SearchOptions search_options(const CapacityArgs& args, const scenario::Scenario& scenario);

// --segment i/n on `capacity`: the distributed search, a fixed staircase
// of the whole run's rates with this machine's 1/n of every rung's
// arrivals (docs/capacity.md, "Distributed search").
void distribute_search(capacity::SearchOptions& options, engine::Slice segment);

// Runs the search, prints the table and the verdict, writes the JSON;
// returns the exit code (docs/capacity.md, "Exit codes"). With --start-at,
// waits for the instant first (Ctrl-C: exit 3, nothing sent).
int run_capacity_search(const scenario::Scenario& scenario, const capacity::SearchOptions& options,
                        const CapacityArgs& args, engine::Slice segment = {},
                        const std::optional<StartAt>& start_at = std::nullopt);

}  // namespace rollcall::cli
