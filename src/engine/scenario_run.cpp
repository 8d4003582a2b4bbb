#include "engine/scenario_run.hpp"

#include <sys/resource.h>

#include <cmath>
#include <thread>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/rlimit.hpp"
#include "engine/interrupts.hpp"
#include "engine/journey.hpp"
#include "engine/loop_monitor.hpp"
#include "engine/scenario_lane.hpp"
#include "engine/virtual_user.hpp"
#include "http/resolve.hpp"
#include "http/transport.hpp"

namespace rollcall::engine {

namespace asio = boost::asio;

PersonaPicker::PersonaPicker(const std::vector<double>& weights) : weights_(weights), current_(weights.size(), 0.0) {
  for (double w : weights_) total_ += w;
}

std::size_t PersonaPicker::next() {
  std::size_t best = 0;
  for (std::size_t i = 0; i < weights_.size(); ++i) {
    current_[i] += weights_[i];
    if (current_[i] > current_[best]) best = i;
  }
  current_[best] -= total_;
  return best;
}

namespace {

std::vector<double> persona_weights(const scenario::Scenario& scenario) {
  std::vector<double> weights;
  for (const auto& p : scenario.personas) weights.push_back(p.weight);
  return weights;
}

double cpu_seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; }

// Gives the user a fresh identity for a new journey: an empty cookie jar,
// its persona's next feeder row, the builtins. False when a unique feeder
// has no row left.
bool prepare_user(ScenarioLane& lane, VirtualUser& user) {
  const auto& persona = lane.scenario.personas[user.persona];
  user.cookies.clear();
  user.variables.clear();
  user.page.clear();
  user.page_url.clear();
  user.variables.set(scenario::SymbolTable::vu, std::to_string(user.id));
  user.variables.set(scenario::SymbolTable::iteration, std::to_string(user.iteration));
  user.variables.set(scenario::SymbolTable::persona, persona.name);
  if (persona.feeder) {
    const auto& feeder = *persona.feeder;
    const auto& rows = *feeder.rows;
    if (rows.empty()) return false;
    std::uint64_t row = 0;
    switch (feeder.mode) {
      case scenario::Feeder::Mode::unique:
        row = lane.shared.feeder_next[user.persona].fetch_add(1, std::memory_order_relaxed);
        if (row >= rows.size()) return false;
        break;
      case scenario::Feeder::Mode::cycle:
        row = lane.shared.feeder_next[user.persona].fetch_add(1, std::memory_order_relaxed) % rows.size();
        break;
      case scenario::Feeder::Mode::random: row = user.rng() % rows.size(); break;
    }
    for (std::size_t c = 0; c < feeder.column_ids.size() && c < rows[row].size(); ++c)
      user.variables.set(feeder.column_ids[c], rows[row][c]);
  }
  return true;
}

void count_end(ScenarioLane& lane, VirtualUser& user, JourneyEnd end, TimePoint intended, bool keep_connections) {
  auto& persona = lane.stats.persona(user.persona);
  switch (end) {
    case JourneyEnd::completed:
      ++persona.completed;
      persona.journey_time.record(to_micros(Clock::now() - intended));
      break;
    case JourneyEnd::failed: ++persona.failed; break;
    case JourneyEnd::gave_up:
      ++persona.abandoned;
      ++persona.gave_up;
      break;
    case JourneyEnd::abandoned: ++persona.abandoned; break;
  }
  for (const auto& host : user.hosts)
    if (host.tls) {
      lane.stats.tls_full += host.tls->full_handshakes();
      lane.stats.tls_resumed += host.tls->resumed_handshakes();
      host.tls->reset_counts();
    }
  if (!keep_connections || end == JourneyEnd::abandoned) user.close_connections();
}

// Hands the interval's statistics over and starts the next interval's.
void hand_over(ScenarioLane& lane, std::size_t index) {
  JourneyStats next = JourneyStats::like(lane.stats);
  lane.stats.users_running = lane.running;
  lane.shared.intervals.deliver(lane.index, index, std::exchange(lane.stats, std::move(next)));
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

// Open model: one new user per arrival, for one journey.
asio::awaitable<void> one_journey(ScenarioLane& lane, std::unique_ptr<VirtualUser> user, TimePoint intended) {
  ++lane.running;
  lane.peak_running = std::max(lane.peak_running, lane.running);
  ++lane.stats.persona(user->persona).started;
  ++lane.stats.arrivals;
  const JourneyEnd end = co_await run_journey(lane, *user, intended);
  count_end(lane, *user, end, intended, false);
  --lane.running;
  stop_counting_if_done(lane);
}

// `first_k`: the number of the level's first arrival in the whole run.
asio::awaitable<void> open_arrivals(ScenarioLane& lane, double rate, TimePoint from, TimePoint until, std::uint64_t first_k) {
  OpenSchedule schedule(from, rate, lane.index, lane.lanes);
  PersonaPicker picker(persona_weights(lane.scenario));
  asio::steady_timer timer(lane.io);
  for (std::uint64_t i = 0;; ++i) {
    const TimePoint due = schedule.due(i);
    if (due >= lane.end || due >= until) break;
    if (due > Clock::now()) {
      timer.expires_at(due);
      co_await timer.async_wait(http::nothrow_awaitable);
      if (due >= lane.end) break;  // the run was interrupted meanwhile
    }
    const std::uint64_t k = first_k + i * lane.lanes + lane.index;  // the arrival's number in the whole run
    ++lane.stats.scheduled;
    auto user = std::make_unique<VirtualUser>(k + 1, picker.next(), lane.scenario.symbols.size(),
                                              lane.plan.seed * 0x9E3779B97F4A7C15ULL + k);
    if (!prepare_user(lane, *user)) {
      ++lane.stats.feeder_exhausted;
      continue;
    }
    asio::co_spawn(lane.io, one_journey(lane, std::move(user), due), asio::detached);
  }
  stop_counting_if_done(lane);
}

// One level, or two in a row (SimpleLoad::then_rate).
asio::awaitable<void> open_levels(ScenarioLane& lane, SimpleLoad load) {
  if (!load.then_rate) {
    co_await open_arrivals(lane, *load.rate, lane.start, lane.end, 0);
    co_return;
  }
  const TimePoint change = lane.start + load.change_at;
  co_await open_arrivals(lane, *load.rate, lane.start, change, 0);
  // The second level's arrivals are numbered after the first level's, as
  // one schedule would number them: users and their draws stay distinct.
  const double first_level = std::chrono::duration<double>(load.change_at).count() * *load.rate;
  co_await open_arrivals(lane, *load.then_rate, change, lane.end, static_cast<std::uint64_t>(std::ceil(first_level)));
}

// Closed model: a user that starts its next journey when the last ended.
asio::awaitable<void> looping_user(ScenarioLane& lane, std::unique_ptr<VirtualUser> user) {
  asio::steady_timer timer(lane.io);
  timer.expires_at(lane.start);
  co_await timer.async_wait(http::nothrow_awaitable);
  ++lane.running;
  lane.peak_running = std::max(lane.peak_running, lane.running);
  while (Clock::now() < lane.end) {
    if (!prepare_user(lane, *user)) {
      ++lane.stats.feeder_exhausted;
      break;
    }
    ++lane.stats.persona(user->persona).started;
    ++lane.stats.arrivals;
    const TimePoint intended = Clock::now();
    const JourneyEnd end = co_await run_journey(lane, *user, intended);
    count_end(lane, *user, end, intended, lane.plan.reuse_connections);
    ++user->iteration;
    if (end == JourneyEnd::abandoned) break;
  }
  user->close_connections();
  --lane.running;
  stop_counting_if_done(lane);
}

void start_lane(ScenarioLane& lane) {
  std::vector<std::string> names;
  for (const auto& p : lane.scenario.personas) names.push_back(p.name);
  lane.stats.set_personas(names);
  const auto& load = lane.plan.load;
  if (load.rate) {
    asio::co_spawn(lane.io, open_levels(lane, load), asio::detached);
  } else {
    PersonaPicker picker(persona_weights(lane.scenario));
    const unsigned vus = load.vus.value_or(1);
    for (unsigned v = 0; v < vus; ++v) {
      const std::size_t persona = picker.next();  // every lane walks the same sequence: shares hold globally
      if (v % lane.lanes != lane.index) continue;
      auto user = std::make_unique<VirtualUser>(v + 1, persona, lane.scenario.symbols.size(), lane.plan.seed * 0x9E3779B97F4A7C15ULL + v);
      asio::co_spawn(lane.io, looping_user(lane, std::move(user)), asio::detached);
    }
  }
  spawn_loop_monitor(lane.io, lane.stats.loop_lag, lane.start, lane.end);
  arm_interval_clock(lane);
}

// Merges the lanes' intervals as they complete, until every lane is done.
void collect_intervals(const ScenarioPlan& plan, IntervalExchange& exchange, TimePoint start, ScenarioResult& result,
                       const std::function<void()>& end_lanes) {
  bool ended = false;
  rusage last{};
  getrusage(RUSAGE_SELF, &last);
  TimePoint last_wall = start;
  const double length = std::chrono::duration<double>(plan.interval).count();
  while (!exchange.done()) {
    for (auto& [index, stats] : exchange.take_complete(Clock::now() + std::chrono::milliseconds(250))) {
      rusage now{};
      getrusage(RUSAGE_SELF, &now);
      const TimePoint wall = Clock::now();
      const double cpu = cpu_seconds(now.ru_utime) + cpu_seconds(now.ru_stime) - cpu_seconds(last.ru_utime) -
                         cpu_seconds(last.ru_stime);
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

ScenarioResult run_scenario(const ScenarioPlan& plan) {
  raise_descriptor_limit();
  IntervalExchange intervals(plan.threads);
  RunShared shared{plan, {}, http::make_client_context(plan.tls), nullptr, intervals};
  shared.feeder_next = std::make_unique<std::atomic<std::uint64_t>[]>(plan.scenario->personas.size());
  const auto& target = plan.scenario->target;
  shared.resolver.insert(HostKey{target.tls, target.host, target.port}, http::resolve_once(target));

  const TimePoint start = Clock::now() + std::chrono::milliseconds(50);
  std::vector<std::unique_ptr<ScenarioLane>> lanes;
  for (unsigned i = 0; i < plan.threads; ++i) {
    lanes.push_back(std::make_unique<ScenarioLane>(shared, i, plan.threads, start));
    start_lane(*lanes.back());
  }
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  Interrupts interrupts([&lanes, &plan] {
    for (auto& lane : lanes) end_lane_now(lane.get(), plan.grace);
  });
  std::vector<std::thread> threads;
  for (auto& lane : lanes)
    threads.emplace_back([&lane = *lane] {
      lane.io.run();
      lane.stats.users_running = lane.running;
      lane.shared.intervals.finish(lane.index, lane.interval, std::move(lane.stats));
    });
  ScenarioResult result;
  // The personas in the scenario's order, even those that never started.
  std::vector<std::string> names;
  for (const auto& p : plan.scenario->personas) names.push_back(p.name);
  result.stats.set_personas(names);
  collect_intervals(plan, intervals, start, result, [&lanes, &plan] {
    for (auto& lane : lanes) end_lane_now(lane.get(), plan.grace);
  });
  for (auto& t : threads) t.join();
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  for (auto& lane : lanes) result.peak_users += lane->peak_running;
  result.interrupted = interrupts.fired();
  result.duration_s = std::chrono::duration<double>(
      result.interrupted ? std::clamp<Clock::duration>(interrupts.when() - start, Clock::duration::zero(), plan.load.duration)
                         : Clock::duration(plan.load.duration)).count();
  result.cpu_user_s = cpu_seconds(after.ru_utime) - cpu_seconds(before.ru_utime);
  result.cpu_system_s = cpu_seconds(after.ru_stime) - cpu_seconds(before.ru_stime);
  result.threads = plan.threads;
  return result;
}

}  // namespace rollcall::engine
