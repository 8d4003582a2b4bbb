#include "engine/scenario_run.hpp"

#include <sys/resource.h>

#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

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

// Open model: one new user per arrival, for one journey.
asio::awaitable<void> one_journey(ScenarioLane& lane, std::unique_ptr<VirtualUser> user, TimePoint intended) {
  ++lane.running;
  lane.peak_running = std::max(lane.peak_running, lane.running);
  ++lane.stats.persona(user->persona).started;
  const JourneyEnd end = co_await run_journey(lane, *user, intended);
  count_end(lane, *user, end, intended, false);
  --lane.running;
}

asio::awaitable<void> open_arrivals(ScenarioLane& lane, double rate) {
  OpenSchedule schedule(lane.start, rate, lane.index, lane.lanes);
  PersonaPicker picker(persona_weights(lane.scenario));
  asio::steady_timer timer(lane.io);
  for (std::uint64_t i = 0;; ++i) {
    const TimePoint due = schedule.due(i);
    if (due >= lane.end) break;
    if (due > Clock::now()) {
      timer.expires_at(due);
      co_await timer.async_wait(http::nothrow_awaitable);
      if (due >= lane.end) break;  // the run was interrupted meanwhile
    }
    const std::uint64_t k = i * lane.lanes + lane.index;  // the arrival's number in the whole run
    auto user = std::make_unique<VirtualUser>(k + 1, picker.next(), lane.scenario.symbols.size(),
                                              lane.plan.seed * 0x9E3779B97F4A7C15ULL + k);
    if (!prepare_user(lane, *user)) {
      ++lane.stats.feeder_exhausted;
      continue;
    }
    asio::co_spawn(lane.io, one_journey(lane, std::move(user), due), asio::detached);
  }
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

// Closed model: a user that starts its next journey when the last ended.
asio::awaitable<void> looping_user(ScenarioLane& lane, std::unique_ptr<VirtualUser> user) {
  ++lane.running;
  lane.peak_running = std::max(lane.peak_running, lane.running);
  while (Clock::now() < lane.end) {
    if (!prepare_user(lane, *user)) {
      ++lane.stats.feeder_exhausted;
      break;
    }
    ++lane.stats.persona(user->persona).started;
    const TimePoint intended = Clock::now();
    const JourneyEnd end = co_await run_journey(lane, *user, intended);
    count_end(lane, *user, end, intended, lane.plan.reuse_connections);
    // The last page is read only within its journey: a user between
    // journeys should not hold a 30 KB portal page.
    user->page = http::ResponseData();
    std::string().swap(user->page_url);
    ++user->iteration;
    if (end == JourneyEnd::abandoned) break;
    if (end == JourneyEnd::failed && Clock::now() - intended < failure_back_off) co_await back_off(lane);
  }
  user->close_connections();
  --lane.running;
}

// Users started in one go before the loop lets timers and sockets have a
// turn: a burst of starts must not stall the journeys already running.
constexpr unsigned start_batch = 64;

// Closed model: user v of n starts at start + ramp_up * v / n. One
// coroutine per lane starts them in turn, so that 100,000 users waiting to
// start cost neither a timer nor a VirtualUser each.
asio::awaitable<void> start_users(ScenarioLane& lane, unsigned vus) {
  PersonaPicker picker(persona_weights(lane.scenario));
  asio::steady_timer timer(lane.io);
  const double ramp_ns = static_cast<double>(lane.plan.load.ramp_up.count());
  unsigned started_in_batch = 0;
  for (unsigned v = 0; v < vus; ++v) {
    const std::size_t persona = picker.next();  // every lane walks the same sequence: shares hold globally
    if (v % lane.lanes != lane.index) continue;
    const TimePoint due = lane.start + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double, std::nano>(ramp_ns * v / vus));
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
    auto user = std::make_unique<VirtualUser>(v + 1, persona, lane.scenario.symbols.size(), lane.plan.seed * 0x9E3779B97F4A7C15ULL + v);
    asio::co_spawn(lane.io, looping_user(lane, std::move(user)), asio::detached);
  }
  lane.all_started = true;
}

// Waits for the run's start, then starts the users: the start instant is
// the same for every lane.
asio::awaitable<void> closed_start(ScenarioLane& lane, unsigned vus) {
  asio::steady_timer timer(lane.io);
  timer.expires_at(lane.start);
  co_await timer.async_wait(http::nothrow_awaitable);
  co_await start_users(lane, vus);
}

void start_lane(ScenarioLane& lane) {
  std::vector<std::string> names;
  for (const auto& p : lane.scenario.personas) names.push_back(p.name);
  lane.stats.set_personas(names);
  const auto& load = lane.plan.load;
  if (load.rate) {
    asio::co_spawn(lane.io, open_arrivals(lane, *load.rate), asio::detached);
    spawn_loop_monitor(lane.io, lane.stats.loop_lag, lane.start, lane.end);
  } else {
    asio::co_spawn(lane.io, closed_start(lane, load.vus.value_or(1)), asio::detached);
    spawn_loop_monitor(lane.io, lane.stats.loop_lag, lane.start_loop_lag, lane.all_started, lane.start, lane.end);
  }
}

}  // namespace

ScenarioResult run_scenario(const ScenarioPlan& plan) {
  const std::uint64_t descriptor_limit = raise_descriptor_limit();
  RunShared shared{plan, {}, http::make_client_context(plan.tls), nullptr};
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
  for (auto& lane : lanes) threads.emplace_back([&io = lane->io] { io.run(); });
  for (auto& t : threads) t.join();
  rusage after{};
  getrusage(RUSAGE_SELF, &after);

  ScenarioResult result;
  for (auto& lane : lanes) {
    result.stats.merge(lane->stats);
    result.peak_users += lane->peak_running;
    result.start_loop_lag.merge(lane->start_loop_lag);
  }
  result.interrupted = interrupts.fired();
  result.duration_s = std::chrono::duration<double>(
      result.interrupted ? std::clamp<Clock::duration>(interrupts.when() - start, Clock::duration::zero(), plan.load.duration)
                         : Clock::duration(plan.load.duration)).count();
  result.cpu_user_s = cpu_seconds(after.ru_utime) - cpu_seconds(before.ru_utime);
  result.cpu_system_s = cpu_seconds(after.ru_stime) - cpu_seconds(before.ru_stime);
  result.threads = plan.threads;
  result.peak_rss_bytes = static_cast<std::uint64_t>(after.ru_maxrss) * 1024;  // Linux counts kilobytes
  result.descriptor_limit = descriptor_limit;
  return result;
}

}  // namespace rollcall::engine
