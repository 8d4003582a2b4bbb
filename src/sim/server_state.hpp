#pragma once
// What every connection of a running simulator shares. Everything but the
// counters is touched on the simulator's thread only.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>

#include "sim/admission.hpp"
#include "sim/config.hpp"
#include "sim/drift.hpp"
#include "sim/ent.hpp"

namespace rollcall::sim {

struct Counters {
  std::atomic<std::uint64_t> connections{0}, requests{0}, turned_away{0}, faults{0};
  // The backlog now: requests in service and waiting for a worker. Gauges,
  // so a test or a dashboard can watch a retry storm keep the queue full.
  std::atomic<std::uint64_t> busy{0}, waiting{0};
};

struct ServerState {
  explicit ServerState(const Config& c)
      : config(c), ent(c), pool(c.workers, c.queue), fault_rng(c.seed ^ 0x9e3779b97f4a7c15ULL) {}

  const Config& config;
  Ent ent;
  WorkerPool pool;
  std::mt19937_64 fault_rng;  // apart from the ENT's tokens: faults do not shift them
  std::chrono::steady_clock::time_point started;
  int refusing = 0;  // refuse windows open now
  Counters counters;

  // How long a request that gets its worker now holds it: the endpoint's
  // service time, under the drift's factor at this moment.
  Duration service_now(Duration nominal) const {
    if (config.drift <= 0) return nominal;
    const auto since_start = std::chrono::steady_clock::now() - started;
    return drifted(nominal, drift_factor(config.drift, config.drift_period, config.seed, since_start));
  }
};

}  // namespace rollcall::sim
