#pragma once
// One worker thread of a run: its event loop and everything its connections
// share. Only that thread touches a lane while the run goes, so nothing in it
// needs a lock.
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "engine/bench_plan.hpp"
#include "engine/bench_stats.hpp"
#include "engine/clock.hpp"
#include "engine/loop_monitor.hpp"
#include "engine/stop_list.hpp"
#include "engine/open_schedule.hpp"
#include "http/source_addresses.hpp"

namespace rollcall::engine {

struct Lane {
  Lane(const BenchPlan& p, unsigned index_, TimePoint start_, std::shared_ptr<boost::asio::ssl::context> tls_context)
      : plan(p), index(index_), start(start_), end(start_ + p.duration), hard_stop(end + p.grace), sources(p.sources, index_) {
    if (p.rate) schedule.emplace(start, *p.rate, index, p.threads);
    if (tls_context) tls.emplace(std::move(tls_context), p.target.host, p.tls.verify);
  }

  const BenchPlan& plan;
  unsigned index;
  // Waits that an interrupt must cut short (stop_list.hpp). Declared
  // before the loop: handlers the loop destroys leave this list.
  StopList stoppables;
  // Only this lane's thread touches its sockets: no per-descriptor locking.
  boost::asio::io_context io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  BenchStats stats;
  TimePoint start;
  TimePoint end;        // no request starts at or after this
  TimePoint hard_stop;  // requests still in flight are abandoned here
  std::optional<OpenSchedule> schedule;
  std::optional<http::TlsSessionCache> tls;
  http::SourceRotation sources;
  // Where plain connections read: one buffer for the whole lane, used only
  // between a socket becoming readable and the parser taking the bytes.
  std::vector<char> scratch = std::vector<char>(64 * 1024);
  std::optional<LoopMonitor> monitor;  // after the loop, so that its timer goes first
};

// Starts `count` connections on the lane's loop; defined per transport so
// each instantiation lives in its own translation unit.
void spawn_plain_connections(Lane& lane, unsigned count);
void spawn_tls_connections(Lane& lane, unsigned count);

}  // namespace rollcall::engine
