#include "engine/scenario_run.hpp"

#include <cassert>

#include <optional>
#include <cmath>
#include <thread>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "common/rlimit.hpp"
#include "engine/feeder_rows.hpp"
#include "engine/interrupts.hpp"
#include "engine/journey.hpp"
#include "engine/lane_threads.hpp"
#include "engine/loop_monitor.hpp"
#include "engine/persona_arrivals.hpp"
#include "engine/scenario_lane.hpp"
#include "engine/user_roster.hpp"
#include "engine/virtual_user.hpp"
#include "http/resolve.hpp"
#include "http/transport.hpp"

namespace rollcall::engine {

namespace asio = boost::asio;

namespace {

std::vector<double> persona_weights(const scenario::Scenario& scenario) {
  std::vector<double> weights;
  for (const auto& p : scenario.personas) weights.push_back(p.weight);
  return weights;
}

PersonaStreams scenario_streams(const LoadModel& model, const scenario::Scenario& scenario, double time_scale) {
  std::vector<std::optional<scenario::ArrivalSpec>> own;
  for (const auto& p : scenario.personas) own.push_back(p.arrival);
  return persona_streams(model, persona_weights(scenario), own, time_scale);
}

// Gives the user a fresh identity for a new journey: an empty cookie jar,
// its persona's next feeder row, the builtins. False when a unique feeder
// has no row left.
bool prepare_user(ScenarioLane& lane, VirtualUser& user) {
  const auto& persona = lane.scenario.personas[user.persona];
  if (!persona.feeder) {
    begin_identity(user, persona, nullptr);
    return true;
  }
  const auto& feeder = *persona.feeder;
  const auto& rows = *feeder.rows;
  const bool drawn = feeder.mode == scenario::Feeder::Mode::random;
  const std::uint64_t taken = drawn ? 0 : lane.shared.feeder_next[user.persona].fetch_add(1, std::memory_order_relaxed);
  const auto row = feeder_row(feeder.mode, lane.plan.segment, rows.size(), taken, drawn ? user.rng() : 0);
  if (!row) return false;
  begin_identity(user, persona, &rows[*row]);
  return true;
}

// Hands the interval's statistics over and starts the next interval's.
void hand_over(ScenarioLane& lane, std::size_t index) {
  lane.stats.users_running = lane.running;
  lane.shared.intervals.deliver(lane.index, index, lane.stats);
  lane.interval = index + 1;
}

// Nothing left to count once the run has ended and no journey is under way:
// stop the interval clock so that the lane's loop can end at once.
void stop_counting_if_done(ScenarioLane& lane) {
  if (lane.running == 0 && Clock::now() >= lane.end) lane.interval_clock.cancel();
}

void arm_interval_clock(ScenarioLane& lane) {
  lane.interval_clock.expires_at(lane.start + (lane.interval + 1) * lane.plan.interval);
  lane.interval_clock.async_wait([&lane](boost::system::error_code ec) {
    if (ec) return;
    const auto now = Clock::now();
    // A late boundary (a stalled loop) hands over what it has under the
    // interval it is in, rather than inventing counts for the ones it missed.
    const auto elapsed = static_cast<std::size_t>((now - lane.start) / lane.plan.interval);
    hand_over(lane, std::max(lane.interval, elapsed > 0 ? elapsed - 1 : 0));
    if (now >= lane.hard_stop || (now >= lane.end && lane.running == 0)) return;
    arm_interval_clock(lane);
  });
}

// The completion of a lane's detached coroutines (arrivals, users): an
// exception there is counted, not lost.
auto count_escapes(ScenarioLane& lane) {
  return [&lane](std::exception_ptr error) {
    if (error) ++lane.stats.internal_errors;
  };
}

// Open model: one new user per arrival, for one journey.
asio::awaitable<void> one_journey(ScenarioLane& lane, std::unique_ptr<VirtualUser> user, TimePoint intended) {
  lane.journey_started();
  ++lane.stats.persona(user->persona).started;
  ++lane.stats.arrivals;
  co_await run_journey(lane, *user, intended);
  user->close_connections();
  --lane.running;
  stop_counting_if_done(lane);
}

// Open model: one persona's arrivals on this lane, each a new user for one
// journey, due when the persona's curve says.
asio::awaitable<void> open_arrivals(ScenarioLane& lane, std::size_t persona) {
  const std::size_t personas = lane.scenario.personas.size();
  ArrivalGenerator arrivals =
      lane.shared.streams.arrivals(persona, lane.plan.segment.part_of(lane.index, lane.lanes), lane.plan.seed);
  asio::steady_timer timer(lane.io);
  while (const auto arrival = arrivals.next()) {
    const TimePoint due = lane.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(arrival->at));
    if (due >= lane.end) break;
    if (due > Clock::now()) {
      const InterruptibleWait wait(lane.stoppables, timer);
      timer.expires_at(due);
      auto [ec] = co_await timer.async_wait(http::nothrow_awaitable);
      if (!ec) lane.timer_fired(due);
      lane.awake();
      if (due >= lane.end) break;  // the run was interrupted meanwhile
    }
    ++lane.stats.scheduled;
    // The arrival's number in the whole run, whatever the lane or machine:
    // its user's id and seed are the same wherever it is computed.
    const std::uint64_t id = arrival->k * personas + persona + 1;
    auto user = std::make_unique<VirtualUser>(id, persona, lane.scenario.symbols.size(),
                                              lane.plan.seed * 0x9E3779B97F4A7C15ULL + id);
    if (!prepare_user(lane, *user)) {
      ++lane.stats.feeder_exhausted;
      continue;
    }
    asio::co_spawn(lane.io, one_journey(lane, std::move(user), due), count_escapes(lane));
  }
  stop_counting_if_done(lane);
}

// A journey that fails at once (no descriptor or port left, a refused
// connection) may fail without ever waiting: its user would start the next
// one on the spot and never let the loop run anything else. It waits this
// long first, as `rollcall bench` does.
constexpr auto failure_back_off = std::chrono::milliseconds(10);

asio::awaitable<void> back_off(ScenarioLane& lane) {
  asio::steady_timer timer(lane.io);
  timer.expires_at(std::min(Clock::now() + failure_back_off, lane.end));
  co_await timer.async_wait(http::nothrow_awaitable);
}

TimePoint at_seconds(const ScenarioLane& lane, double s) {
  return lane.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// Closed model: user number v (0-based) runs while the model asks for more
// than v users, starting its next journey when the last ended.
asio::awaitable<void> looping_user(ScenarioLane& lane, std::unique_ptr<VirtualUser> user, unsigned v) {
  const RateCurve& users = lane.plan.model->curve();
  asio::steady_timer timer(lane.io);
  const InterruptibleWait interruptible(lane.stoppables, timer);
  auto wait_until = [&timer](TimePoint when) {
    timer.expires_at(when);
    return timer.async_wait(http::nothrow_awaitable);
  };
  auto now_s = [&lane] { return std::chrono::duration<double>(Clock::now() - lane.start).count(); };
  bool running = false;
  for (;;) {
    // Not wanted now (before its turn in a ramp, or ramped down): wait for
    // the curve to want it again, with no connection held.
    if (now_s() < 0 || users.level(now_s()) < v + 1 - 1e-9) {
      if (running) {
        user->close_connections();
        --lane.running;
        running = false;
      }
      const auto when = first_time_at(users, v + 1, std::max(0.0, now_s()));
      if (!when || at_seconds(lane, *when) >= lane.end) break;
      co_await wait_until(at_seconds(lane, *when));
      continue;
    }
    if (Clock::now() >= lane.end) break;
    if (lane.pacer) {
      // --max-rate for a closed model: journey starts are spaced per lane.
      const double turn = lane.pacer->start(now_s());
      if (turn > now_s()) co_await wait_until(at_seconds(lane, turn));
      if (Clock::now() >= lane.end) break;
    }
    if (!running) {
      lane.journey_started();
      running = true;
    }
    if (!prepare_user(lane, *user)) {
      ++lane.stats.feeder_exhausted;
      break;
    }
    ++lane.stats.persona(user->persona).started;
    ++lane.stats.arrivals;
    const TimePoint intended = Clock::now();
    const JourneyEnd end = co_await run_journey(lane, *user, intended);
    if (!lane.plan.reuse_connections || end == JourneyEnd::abandoned) user->close_connections();
    // The last page is read only within its journey: a user between
    // journeys should not hold a 30 KB portal page.
    user->page = http::ResponseData();
    std::string().swap(user->page_url);
    ++user->iteration;
    if (end == JourneyEnd::abandoned) break;
    if (end == JourneyEnd::failed && Clock::now() - intended < failure_back_off) co_await back_off(lane);
  }
  user->close_connections();
  if (running) --lane.running;
  stop_counting_if_done(lane);
}

// Users started in one go before the loop lets timers and sockets have a
// turn: a burst of starts must not stall the journeys already running.
constexpr unsigned start_batch = 64;

// Closed model: user v starts when the model first asks for more than v
// users (at once for `vus`, along the ramp for `ramp_vus` and --ramp-up).
// One coroutine per lane starts them in turn, so that 100,000 users waiting
// to start cost neither a timer nor a VirtualUser each.
asio::awaitable<void> start_users(ScenarioLane& lane) {
  UserRoster roster(*lane.plan.model, persona_weights(lane.scenario), lane.plan.segment.part_of(lane.index, lane.lanes));
  asio::steady_timer timer(lane.io);
  const InterruptibleWait interruptible(lane.stoppables, timer);
  unsigned started_in_batch = 0;
  while (const auto next = roster.next()) {
    const TimePoint due = at_seconds(lane, next->at);
    if (due >= lane.end) break;
    if (due > Clock::now()) {
      timer.expires_at(due);
      co_await timer.async_wait(http::nothrow_awaitable);
      started_in_batch = 0;
      if (Clock::now() >= lane.end) break;  // the run was interrupted meanwhile
    } else if (++started_in_batch == start_batch) {
      started_in_batch = 0;
      co_await asio::post(lane.io, asio::use_awaitable);
    }
    auto user = std::make_unique<VirtualUser>(next->v + 1, next->persona, lane.scenario.symbols.size(),
                                              lane.plan.seed * 0x9E3779B97F4A7C15ULL + next->v);
    asio::co_spawn(lane.io, looping_user(lane, std::move(user), next->v), count_escapes(lane));
  }
  lane.all_started = true;
}

// Waits for the run's start, then starts the users: the start instant is
// the same for every lane.
asio::awaitable<void> closed_start(ScenarioLane& lane) {
  asio::steady_timer timer(lane.io);
  timer.expires_at(lane.start);
  co_await timer.async_wait(http::nothrow_awaitable);
  co_await start_users(lane);
}

void start_lane(ScenarioLane& lane) {
  if (lane.plan.observe) lane.observer = lane.plan.observe();
  std::vector<std::string> names;
  for (const auto& p : lane.scenario.personas) names.push_back(p.name);
  lane.stats.set_personas(names);
  const LoadModel& model = *lane.plan.model;
  if (model.open()) {
    for (std::size_t p = 0; p < lane.scenario.personas.size(); ++p)
      asio::co_spawn(lane.io, open_arrivals(lane, p), count_escapes(lane));
  } else {
    if (model.max_rate() > 0) lane.pacer.emplace(model.max_rate() / static_cast<double>(lane.plan.segment.stride), lane.lanes);
    asio::co_spawn(lane.io, closed_start(lane), count_escapes(lane));
  }
  auto& monitor = lane.monitor.emplace(lane.io, lane.stats.loop_lag, lane.start, lane.end);
  if (!model.open()) monitor.record_start_apart(lane.start_loop_lag, lane.all_started);
  monitor.stop_when_idle(lane.running);
  monitor.start();
  arm_interval_clock(lane);
}

// Merges the lanes' intervals as they complete, until every lane is done.
void collect_intervals(const ScenarioPlan& plan, IntervalExchange& exchange, TimePoint start, ScenarioResult& result,
                       const std::function<void()>& end_lanes) {
  bool ended = false;
  CpuTimes last = process_cpu();
  TimePoint last_wall = start;
  const double length = std::chrono::duration<double>(plan.interval).count();
  // No polling: the thread sleeps until a lane delivers at a boundary.
  while (!exchange.done()) {
    for (auto& [index, stats] : exchange.take_complete()) {
      const CpuTimes now = process_cpu();
      const TimePoint wall = Clock::now();
      const double cpu = now.total() - last.total();
      const double wall_s = std::chrono::duration<double>(wall - last_wall).count();
      last = now;
      last_wall = wall;
      if (plan.on_interval) plan.on_interval(IntervalReport{index, static_cast<double>(index) * length, length, stats, cpu, wall_s});
      if (!ended && plan.end_now && plan.end_now()) {
        ended = true;
        end_lanes();
      }
      if (result.timeline.size() <= index) result.timeline.resize(index + 1);
      result.timeline[index] = IntervalCounts::of(stats);
      result.stats.merge(stats);
      exchange.recycle(std::move(stats));
    }
  }
}

}  // namespace

IntervalCounts IntervalCounts::of(const JourneyStats& stats) {
  IntervalCounts c{stats.arrivals, stats.requests, stats.retry_requests, stats.refresh_requests, 0, 0, 0};
  for (const auto& s : stats.steps()) {
    c.queued += s.of(Outcome::queued);
    c.rejected += s.of(Outcome::rejected);
    c.errors += s.errors();
  }
  return c;
}

void prime_resolver(ResolverCache& resolver, const ScenarioPlan& plan) {
  // Pinned hosts first: a redirect to one (a CAS on another name) is not
  // looked up either.
  for (const auto& p : plan.pinned)
    for (const bool tls : {false, true}) resolver.insert(HostKey{tls, p.host, p.port}, p.endpoints);
  // Through a proxy, the proxy is what connections dial.
  const http::Target route = http::route_to(plan.scenario->target, plan.proxies);
  resolver.insert(HostKey{route.tls, route.host, route.port}, http::resolve_once(route, plan.pinned));
}

std::uint64_t arrivals_due(const ScenarioPlan& given, double from_s, double to_s) {
  const auto& model = given.model;
  if (!model->open()) return 0;
  const PersonaStreams streams = scenario_streams(*model, *given.scenario, given.time_scale);
  std::uint64_t due = 0;
  for (std::size_t p = 0; p < streams.curves.size(); ++p) {
    ArrivalGenerator arrivals = streams.arrivals(p, given.segment, given.seed);
    while (const auto a = arrivals.next()) {
      if (a->at >= to_s) break;
      due += a->at >= from_s;
    }
  }
  return due;
}

ScenarioResult run_scenario(const ScenarioPlan& plan) {
  const std::uint64_t descriptor_limit = raise_descriptor_limit();
  IntervalExchange intervals(plan.threads);
  RunShared shared{plan, {}, http::ClientContextOnDemand(plan.tls, plan.scenario->target.tls), nullptr, intervals, {}};
  if (plan.model->open()) shared.streams = scenario_streams(*plan.model, *plan.scenario, plan.time_scale);
  shared.feeder_next = std::make_unique<std::atomic<std::uint64_t>[]>(plan.scenario->personas.size());
  prime_resolver(shared.resolver, plan);

  const TimePoint start = plan.start ? *plan.start : Clock::now() + std::chrono::milliseconds(50);
  std::vector<std::unique_ptr<ScenarioLane>> lanes;
  for (unsigned i = 0; i < plan.threads; ++i) {
    lanes.push_back(std::make_unique<ScenarioLane>(shared, i, plan.threads, start));
    start_lane(*lanes.back());
  }
  ScenarioResult result;
  // The personas in the scenario's order, even those that never started.
  std::vector<std::string> names;
  for (const auto& p : plan.scenario->personas) names.push_back(p.name);
  result.stats.set_personas(names);
  const LanesOutcome ran = run_lanes(
      lanes, start, plan.duration(), plan.grace,
      [](ScenarioLane& lane) {
        lane.stats.users_running = lane.running;
        lane.shared.intervals.finish(lane.index, lane.interval, std::move(lane.stats));
      },
      [&](const auto& end_all) { collect_intervals(plan, intervals, start, result, end_all); });
  for (auto& lane : lanes) {
    result.peak_users += lane->peak_running;
    result.start_loop_lag.merge(lane->start_loop_lag);
  }
  // A difference is a counting bug, caught by every test run (docs/results-format.md).
  assert(result.stats.accounted());
  result.interrupted = ran.interrupted;
  result.duration_s = ran.duration_s;
  result.cpu_user_s = ran.cpu.user_s;
  result.cpu_system_s = ran.cpu.system_s;
  result.threads = plan.threads;
  result.peak_rss_bytes = peak_rss_bytes();
  result.descriptor_limit = descriptor_limit;
  return result;
}

}  // namespace rollcall::engine
