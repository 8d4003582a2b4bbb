#include "engine/bench_run.hpp"

#include <algorithm>
#include <cassert>
#include <memory>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "common/rlimit.hpp"
#include "common/usage_error.hpp"
#include "engine/lane.hpp"
#include "engine/lane_threads.hpp"
#include "engine/loop_monitor.hpp"

namespace rollcall::engine {

namespace {

// Descriptors the process needs besides its connections: stdio, event
// loops, resolver, files being written.
constexpr std::uint64_t reserved_descriptors = 64;

}  // namespace

std::uint64_t ensure_descriptors(const BenchPlan& plan) {
  const std::uint64_t limit = raise_descriptor_limit();
  if (plan.connections + reserved_descriptors > limit)
    throw UsageError(fmt::format(
        "--connections {} needs about {} file descriptors, but this process may open only {} "
        "(hard limit; raise it with ulimit -Hn as root, or lower --connections)",
        plan.connections, plan.connections + reserved_descriptors, limit));
  return limit;
}

namespace {

// Spreads connections as evenly as possible: thread i gets one more than
// the others while the remainder lasts.
unsigned share(unsigned total, unsigned parts, unsigned index) {
  return total / parts + (index < total % parts ? 1u : 0u);
}

}  // namespace

BenchResult run_bench(const BenchPlan& plan) {
  const std::uint64_t limit = ensure_descriptors(plan);
  auto tls_context = plan.target.tls ? http::make_client_context(plan.tls) : nullptr;

  // Every lane starts on the same instant, a little ahead, so that thread
  // start-up is not counted as lateness.
  const TimePoint start = Clock::now() + std::chrono::milliseconds(50);
  std::vector<std::unique_ptr<Lane>> lanes;
  for (unsigned i = 0; i < plan.threads; ++i) {
    auto lane = std::make_unique<Lane>(plan, i, start, tls_context);
    const unsigned count = share(plan.connections, plan.threads, i);
    if (plan.target.tls)
      spawn_tls_connections(*lane, count);
    else
      spawn_plain_connections(*lane, count);
    lane->monitor.emplace(lane->io, lane->stats.loop_lag, lane->start, lane->end).start();
    lanes.push_back(std::move(lane));
  }

  const LanesOutcome ran = run_lanes(lanes, start, plan.duration, plan.grace, [](Lane&) {}, [](const auto&) {});

  BenchResult result;
  for (auto& lane : lanes) {
    if (lane->schedule) lane->stats.scheduled = lane->schedule->slots_before(lane->end);
    if (lane->tls) {
      lane->stats.tls_full = lane->tls->full_handshakes();
      lane->stats.tls_resumed = lane->tls->resumed_handshakes();
    }
    result.stats.merge(lane->stats);
  }
  // Every attempt ended once: a difference is a counting bug, caught by
  // every test run (docs/results-format.md).
  assert(result.stats.attempts == result.stats.outcomes());
  result.interrupted = ran.interrupted;
  result.duration_s = ran.duration_s;
  result.cpu_user_s = ran.cpu.user_s;
  result.cpu_system_s = ran.cpu.system_s;
  result.threads = plan.threads;
  result.connections = plan.connections;
  result.descriptor_limit = limit;
  return result;
}

}  // namespace rollcall::engine
