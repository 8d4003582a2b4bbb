#pragma once
// Everything `rollcall run` needs, already validated: the scenario, the
// load, and the engine's settings.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "engine/clock.hpp"
#include "engine/load_model.hpp"
#include "http/source_addresses.hpp"
#include "http/proxy.hpp"
#include "http/resolve.hpp"
#include "http/tls.hpp"
#include "scenario/model.hpp"

namespace rollcall::engine {

class JourneyStats;
class JourneyObserver;

// One interval of a run, every lane merged: what the results stream, the
// live status and the capacity search read while the run goes.
struct IntervalReport {
  std::size_t index = 0;       // the interval [start + index * interval, +interval)
  double start_s = 0;          // from the run's start
  double length_s = 0;
  const JourneyStats& stats;
  double cpu_s = 0;            // the process's CPU time (user + system) since the last report
  double wall_s = 0;           // wall time since the last report
};

struct ScenarioPlan {
  const scenario::Scenario* scenario = nullptr;
  // The load over time (the scenario's `load:`, the command line's, or a
  // capacity step's). Its duration is the run's.
  std::shared_ptr<const LoadModel> model;
  // --segment i/n: this machine's share of the arrivals (open models) and
  // of the users (closed ones); the union of the segments is the whole run.
  Slice segment;
  double time_scale = 1;  // the load's, for personas' own profiles
  // The run's start (--start-at, a capacity rung's planned instant): every
  // lane's schedule and interval clock begins then, so that machines
  // started at one instant keep their intervals aligned. None: as soon as
  // the lanes are ready (50 ms).
  std::optional<TimePoint> start;
  std::chrono::nanoseconds duration() const { return model->duration(); }
  unsigned threads = 1;
  std::uint64_t seed = 1;
  http::TlsOptions tls;
  // --resolve: hosts reached at given addresses, without DNS.
  http::PinnedHosts pinned;
  // --proxy or the environment's: which hosts are reached through a proxy.
  http::ProxySettings proxies;
  // After the end, journeys under way get this long to finish; those still
  // running are counted abandoned.
  std::chrono::nanoseconds grace = std::chrono::seconds(10);
  std::size_t body_cap = 4 * 1024 * 1024;
  // Closed model: a user keeps its open connections from one journey to the
  // next, as a browser left open does (and as k6 does by default); cookies
  // and variables start afresh all the same. Open-model arrivals are new
  // users with new connections.
  bool reuse_connections = true;
  // Think times between steps and `think:` steps: false in `rollcall try`,
  // where a person watches one journey and nothing is measured under load.
  bool think = true;
  // Statistics leave the lanes at every interval boundary.
  std::chrono::nanoseconds interval = std::chrono::seconds(1);
  // Called on the run's own thread (not a lane's) for each interval, in order.
  std::function<void(const IntervalReport&)> on_interval;
  http::SourceAddresses sources;  // --source-ip: new connections leave from these in turn
  // Asked on the run's thread after each interval: true ends the run now,
  // as a first Ctrl-C does (journeys under way get the grace period). The
  // capacity search's abort rule: a target that is down is not kept down.
  std::function<bool()> end_now;
  // Gives each lane an observer of its journeys (--trace-failures); none:
  // the lanes have none.
  std::function<std::unique_ptr<JourneyObserver>()> observe;
};

// Fills the run's resolver: --resolve's pinned hosts (for both schemes, so a
// redirect to one is not looked up either), then the target.
class ResolverCache;
void prime_resolver(ResolverCache& resolver, const ScenarioPlan& plan);

}  // namespace rollcall::engine
