#pragma once
// One worker thread of a scenario run: its event loop, its users and its
// statistics. Only that thread touches a lane while the run goes.
#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/clock.hpp"
#include "engine/stop_list.hpp"
#include "engine/hosts.hpp"
#include "engine/intervals.hpp"
#include "engine/journey_observer.hpp"
#include "engine/journey_stats.hpp"
#include "engine/loop_monitor.hpp"
#include "engine/open_schedule.hpp"
#include "engine/pauses.hpp"
#include "engine/persona_arrivals.hpp"
#include "engine/read_buffers.hpp"
#include "engine/spare_bodies.hpp"
#include "engine/scenario_plan.hpp"
#include "engine/start_pacer.hpp"
#include "http/content_decoding.hpp"
#include "http/source_addresses.hpp"

namespace rollcall::engine {

// Shared by every lane of a run; read-only or atomic.
struct RunShared {
  const ScenarioPlan& plan;
  ResolverCache resolver;
  http::ClientContextOnDemand tls_context;
  // Next row of each persona's feeder (unique and cycle modes).
  std::unique_ptr<std::atomic<std::uint64_t>[]> feeder_next;
  IntervalExchange& intervals;
  // Open models: each persona's arrival curve, and its part of
  // --max-rate (engine/persona_arrivals.hpp).
  PersonaStreams streams;
};

struct ScenarioLane {
  ScenarioLane(RunShared& shared_, unsigned index_, unsigned lanes_, TimePoint start_)
      : shared(shared_), plan(shared_.plan), scenario(*shared_.plan.scenario), index(index_), lanes(lanes_),
        start(start_), end(start_ + plan.duration()), hard_stop(end + plan.grace), sources(plan.sources, index_) {}

  RunShared& shared;
  const ScenarioPlan& plan;
  const scenario::Scenario& scenario;
  unsigned index;
  unsigned lanes;
  // Waits that an interrupt must cut short (stop_list.hpp). Declared
  // before the loop: handlers the loop destroys leave this list.
  StopList stoppables;
  // The users pausing (pauses.hpp); before the loop too, for the same reason.
  Pauses pauses;
  // Only this lane's thread touches its sockets: no per-descriptor locking.
  boost::asio::io_context io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  JourneyStats stats;
  TimePoint start;
  TimePoint end;        // no journey starts at or after this
  TimePoint hard_stop;  // journeys still running are abandoned here
  std::size_t running = 0;  // journeys under way on this lane
  boost::asio::steady_timer interval_clock{io};  // the next interval boundary
  std::optional<StartPacer> pacer;               // closed models under --max-rate
  std::size_t interval = 0;                      // the interval being counted

  std::size_t peak_running = 0;
  http::SourceRotation sources;
  ReadBuffers read_buffers;
  SpareBodies spare_bodies;
  // Watches every journey of the lane (`rollcall try`, --trace-failures);
  // none in an ordinary run.
  std::unique_ptr<JourneyObserver> observer;
  // Kept bodies are decoded as soon as they are read, between two
  // suspensions: one decoder serves the lane's users in turn.
  http::ContentDecoder content_decoder;
  // Closed model: false until the last of this lane's users has started;
  // the loop lag until then (and until the loop is on time again) goes to
  // start_loop_lag.
  bool all_started = false;
  metrics::Histogram start_loop_lag;
  // After the loop, so that its timer goes first; asleep while no journey
  // is under way (journey_started wakes it).
  std::optional<LoopMonitor> monitor;

  // The lane has just woken (an answer, a connection, an arrival, a
  // pause's timer): the pauses whose window is open end in this wake-up
  // instead of waking it again.
  void awake() { pauses.wake_ended(Clock::now()); }

  // One of the lane's timers, due at `due`, fired: a sample of the loop's
  // lag (loop_monitor.hpp).
  void timer_fired(TimePoint due) {
    if (monitor) monitor->sample(due);
  }

  void journey_started() {
    ++running;
    peak_running = std::max(peak_running, running);
    if (monitor) monitor->wake();
  }
};

}  // namespace rollcall::engine
