#pragma once
#include "engine/journey_stats.hpp"
#include "engine/persona_picker.hpp"
#include "engine/scenario_plan.hpp"

namespace rollcall::engine {

// What one interval cost: offered arrivals against the requests they took,
// so the load that retries add is seen over time.
struct IntervalCounts {
  std::uint64_t arrivals = 0;
  std::uint64_t requests = 0;
  std::uint64_t retry_requests = 0;
  std::uint64_t refresh_requests = 0;
  std::uint64_t queued = 0;
  std::uint64_t rejected = 0;
  std::uint64_t errors = 0;
  static IntervalCounts of(const JourneyStats& stats);
};

struct ScenarioResult {
  JourneyStats stats;
  std::vector<IntervalCounts> timeline;  // one per interval from the start
  double duration_s = 0;
  double cpu_user_s = 0;
  double cpu_system_s = 0;
  unsigned threads = 0;
  std::size_t peak_users = 0;     // journeys under way at once, summed over lanes' peaks
  bool interrupted = false;       // by SIGINT or SIGTERM: duration_s is how long it really ran
  // Closed model: loop lag while users were still being started (the rest
  // is in stats.loop_lag).
  metrics::Histogram start_loop_lag;
  std::uint64_t peak_rss_bytes = 0;   // the process's, getrusage(RUSAGE_SELF)
  std::uint64_t descriptor_limit = 0; // RLIMIT_NOFILE during the run
};

// Runs the scenario with the plan's load on its worker threads.
ScenarioResult run_scenario(const ScenarioPlan& plan);

// The arrivals the plan's schedule offers in [from_s, to_s) of its run,
// every persona's, drawn exactly as run_scenario() draws them (an open
// model; 0 for a closed one): what a seed will offer, known before the run.
std::uint64_t arrivals_due(const ScenarioPlan& plan, double from_s, double to_s);

}  // namespace rollcall::engine
