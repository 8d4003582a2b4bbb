#include "engine/try_run.hpp"

#include <cassert>

#include <boost/asio/co_spawn.hpp>

#include "engine/journey_observer.hpp"
#include "engine/scenario_lane.hpp"
#include "engine/virtual_user.hpp"
#include "http/tls.hpp"

namespace rollcall::engine {

namespace asio = boost::asio;

namespace {

asio::awaitable<void> in_turn(ScenarioLane& lane, const std::vector<std::size_t>& personas, std::size_t row,
                              TryResult& result) {
  std::uint64_t id = 1;
  for (const std::size_t p : personas) {
    const auto& persona = lane.scenario.personas[p];
    VirtualUser user(id, p, lane.scenario.symbols.size(), lane.plan.seed * 0x9E3779B97F4A7C15ULL + id);
    const std::vector<std::string>* columns = nullptr;
    if (persona.feeder && row < persona.feeder->rows->size()) columns = &(*persona.feeder->rows)[row];
    begin_identity(user, persona, columns);
    ++lane.stats.persona(p).started;
    ++lane.running;
    const JourneyEnd end = co_await run_journey(lane, user, Clock::now());
    --lane.running;
    user.close_connections();
    result.journeys.push_back({p, end});
    ++id;
  }
}

}  // namespace

TryResult try_journeys(const ScenarioPlan& plan, const std::vector<std::size_t>& personas, std::size_t row,
                       std::unique_ptr<JourneyObserver> observer) {
  IntervalExchange intervals(1);
  RunShared shared{plan, {}, http::ClientContextOnDemand(plan.tls, plan.scenario->target.tls), nullptr, intervals, {}};
  shared.feeder_next = std::make_unique<std::atomic<std::uint64_t>[]>(plan.scenario->personas.size());
  prime_resolver(shared.resolver, plan);
  ScenarioLane lane(shared, 0, 1, Clock::now());
  lane.observer = std::move(observer);
  std::vector<std::string> names;
  for (const auto& p : plan.scenario->personas) names.push_back(p.name);
  lane.stats.set_personas(names);
  TryResult result;
  std::exception_ptr failure;
  asio::co_spawn(lane.io, in_turn(lane, personas, row, result), [&failure](std::exception_ptr e) { failure = e; });
  lane.io.run();
  if (failure) std::rethrow_exception(failure);
  assert(lane.stats.accounted());  // as every run's: a difference is a counting bug
  result.stats = std::move(lane.stats);
  return result;
}

}  // namespace rollcall::engine
