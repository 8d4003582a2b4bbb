// `rollcall demo`: the main job on one machine, with nothing to set up. The
// built-in ENT starts inside the process with a capacity small enough for a
// search of about three minutes, and `rollcall capacity` runs the morning rush
// against it.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/capacity_options.hpp"
#include "cli/command.hpp"
#include "cli/scenario_file.hpp"
#include "common/usage_error.hpp"
#include "sim/capacity.hpp"
#include "sim/simulator.hpp"

namespace rollcall::cli {

namespace {

namespace fs = std::filesystem;

// The ENT of the demo: default service times (the login POST dominates),
// a few workers so that the morning rush saturates it near 50 journeys/s (8 workers, 163 ms of service per journey),
// and a queue as deep as an ordinary server's backlog.
sim::Config demo_config() {
  sim::Config c;
  c.port = 0;
  c.workers = 8;
  c.queue = 64;
  c.saml = true;
  return c;
}

// scenarios/morning-rush.yaml (with its accounts/) next to the executable,
// in the build tree's source folder, or in the current folder.
fs::path find_morning_rush() {
  std::vector<fs::path> roots;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    for (fs::path dir = exe.parent_path(); !dir.empty() && roots.size() < 4; dir = dir.parent_path()) {
      roots.push_back(dir);
      roots.push_back(dir / "share" / "rollcall");
      if (dir == dir.root_path()) break;
    }
#ifdef ROLLCALL_SOURCE_DIR
  roots.emplace_back(ROLLCALL_SOURCE_DIR);
#endif
  roots.push_back(fs::current_path(ec));
  for (const auto& root : roots) {
    const fs::path file = root / "scenarios" / "morning-rush.yaml";
    if (fs::exists(file, ec)) return file;
  }
  throw UsageError("cannot find scenarios/morning-rush.yaml (looked next to the executable and in the current folder): "
                   "run rollcall demo from the source tree");
}

struct DemoArgs {
  CapacityArgs search;
};

int demo_command(const DemoArgs& args) {
  const fs::path file = find_morning_rush();
  sim::Simulator simulator(demo_config());
  simulator.start();
  const auto described = sim::describe_capacity(simulator.config());
  const auto* rush = described.journey("morning-rush");
  fmt::print("rollcall demo: the built-in ENT at {} ({} workers, queue {}{})\n", simulator.url(), described.workers,
             described.queue,
             rush && rush->max_journeys_per_s ? fmt::format(", known capacity {:.4g} morning-rush journeys/s", *rush->max_journeys_per_s) : "");
  fmt::print("rollcall demo: rollcall capacity {} --target {}\n\n", file.string(), simulator.url());
  std::fflush(stdout);
  const scenario::Scenario scenario = load_or_explain(file.string(), simulator.url());
  const capacity::SearchOptions options = search_options(args.search, scenario);
  const int code = run_capacity_search(scenario, options, args.search);
  simulator.stop();
  if (rush && rush->max_journeys_per_s)
    fmt::print("\nThe simulator's capacity is {:.4g} journeys/s by construction (rollcall sim --describe): the search "
               "should find a saturation point a little below it.\n",
               *rush->max_journeys_per_s);
  return code;
}

}  // namespace

void add_demo_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<DemoArgs>();
  auto& s = args->search;
  // Started at 8/s, where the morning rush's first step judges 25 s for
  // the 200 journeys of a p95; the staircase climbs two steps at once
  // while no queue forms, and the default 5% resolution keeps the answer
  // within [0.90, 1.00] of the capacity.
  s.start_rate = "8";
  s.slo = {"cas-login-submit.p95 < 500ms", "errors < 1%", "rejected < 1%", "achieved >= 95% of offered"};
  auto* cmd = app.add_subcommand("demo", "Start the built-in ENT and find its saturation point with the morning rush (about 3 minutes)");
  cmd->add_option("--json", s.json_file, "Also write the whole result as JSON to this file");
  add_search_flags(cmd, s);
  cmd->callback([&action, args] { action = [args] { return demo_command(*args); }; });
}

}  // namespace rollcall::cli
