#pragma once
// The skeleton that bench runs and scenario runs share: one thread per lane,
// each running its lane's event loop from the same start instant; the first
// Ctrl-C ends every lane now with the grace period (interrupts.hpp); the
// process's CPU time over the run; how long the run really lasted.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "engine/clock.hpp"
#include "engine/interrupts.hpp"

namespace rollcall::engine {

struct CpuTimes {
  double user_s = 0;
  double system_s = 0;
  double total() const { return user_s + system_s; }
};

inline CpuTimes process_cpu() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
  return {seconds(usage.ru_utime), seconds(usage.ru_stime)};
}

// The process's peak resident set, in bytes (Linux counts kilobytes).
inline std::uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

struct LanesOutcome {
  bool interrupted = false;
  double duration_s = 0;  // the planned length, or up to the interrupt or the early end
  CpuTimes cpu;           // the process's, while the lanes ran
};

// Runs every lane's loop on a thread of its own until it has nothing left
// to do. `after_loop(lane)` runs on the lane's thread once its loop is done;
// `meanwhile(end_all)` on the calling thread while the lanes run (it may
// end them early with end_all()).
template <class L, class AfterLoop, class Meanwhile>
LanesOutcome run_lanes(std::vector<std::unique_ptr<L>>& lanes, TimePoint start, std::chrono::nanoseconds planned,
                       std::chrono::nanoseconds grace, AfterLoop after_loop, Meanwhile meanwhile) {
  auto end_all = [&lanes, grace] {
    for (auto& lane : lanes) end_lane_now(lane.get(), grace);
  };
  const CpuTimes before = process_cpu();
  Interrupts interrupts(end_all);
  std::vector<std::thread> threads;
  for (auto& lane : lanes)
    threads.emplace_back([&lane = *lane, &after_loop] {
      lane.io.run();
      after_loop(lane);
    });
  // An early end (an objective's abort_on_fail, the capacity search's
  // abort rule) shortens the run as an interrupt does.
  std::optional<TimePoint> ended_at;
  meanwhile([&end_all, &ended_at] {
    if (!ended_at) ended_at = Clock::now();
    end_all();
  });
  for (auto& t : threads) t.join();
  const CpuTimes after = process_cpu();
  LanesOutcome out;
  out.interrupted = interrupts.fired();
  TimePoint stop = start + std::chrono::duration_cast<Clock::duration>(planned);
  if (out.interrupted) stop = std::min(stop, interrupts.when());
  if (ended_at) stop = std::min(stop, *ended_at);
  out.duration_s = std::chrono::duration<double>(std::max<Clock::duration>(stop - start, Clock::duration::zero())).count();
  out.cpu = {after.user_s - before.user_s, after.system_s - before.system_s};
  return out;
}

}  // namespace rollcall::engine
