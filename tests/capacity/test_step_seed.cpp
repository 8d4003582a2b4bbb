#include <cmath>
#include <set>

#include <catch2/catch.hpp>

#include "capacity/step_runner.hpp"
#include "engine/scenario_run.hpp"
#include "scenario/helpers.hpp"

using namespace rollcall;
using scenario::testing::valid;

namespace {

const char* const weighted_personas =
    "target: http://127.0.0.1:1\n"
    "personas:\n"
    "  student:\n"
    "    weight: 3\n"
    "    flow: [{get: /login, name: login}]\n"
    "  parent:\n"
    "    flow: [{get: /login, name: login}]\n";

// A capacity step's plan: a constant rate of Poisson arrivals for 60 s.
std::shared_ptr<const engine::LoadModel> constant(double rate, scenario::LoadSpec::Arrivals arrivals,
                                                  std::chrono::seconds duration = std::chrono::seconds(60)) {
  scenario::LoadSpec spec;
  spec.model = scenario::ConstantLoad{rate};
  spec.arrivals = arrivals;
  spec.duration = duration;
  return engine::make_load_model(spec);
}

engine::ScenarioPlan step_plan(const scenario::Scenario& sc, double rate) {
  engine::ScenarioPlan plan;
  plan.scenario = &sc;
  plan.model = constant(rate, scenario::LoadSpec::Arrivals::poisson);
  return plan;
}

}  // namespace

TEST_CASE("step seed: a step's judged stretch holds the arrivals its rate promises, every persona's") {
  const auto sc = valid(weighted_personas);
  // 4.265/s judged from 5 s to 52 s: 200.5 arrivals expected, a Poisson
  // spread of 14. Plain seeds give 164 to 246 (seeds 5, 6 and 7 of one
  // search offered 188, 180 and 178, and the step judged a rate 10% under
  // its label).
  auto plan = step_plan(sc, 4.265);
  std::set<std::uint64_t> seeds;
  double farthest = 0;
  for (std::uint64_t user_seed = 1; user_seed <= 3; ++user_seed)
    for (unsigned step = 0; step < 10; ++step) {
      plan.seed = capacity::step_seed(plan, user_seed, step, 4.265, 5, 52);
      seeds.insert(plan.seed);
      const auto due = static_cast<double>(engine::arrivals_due(plan, 5, 52));
      farthest = std::max(farthest, std::abs(due - 4.265 * 47));
    }
  CHECK(farthest <= 0.25 * std::sqrt(4.265 * 47) + 0.5);
  // Every (user seed, step) its own draws: seed 2 is not seed 1 a step later.
  CHECK(seeds.size() == 30);
  // Reproducible.
  CHECK(capacity::step_seed(plan, 2, 4, 4.265, 5, 52) == capacity::step_seed(plan, 2, 4, 4.265, 5, 52));
}

TEST_CASE("step seed: arrivals_due counts what the run schedule offers, and evenly spaced arrivals need no choice") {
  const auto sc = valid(weighted_personas);
  auto plan = step_plan(sc, 10);
  plan.model = constant(10, scenario::LoadSpec::Arrivals::uniform);
  CHECK(engine::arrivals_due(plan, 0, 60) == 600);
  CHECK(engine::arrivals_due(plan, 10, 20) == 100);
  CHECK(capacity::step_seed(plan, 1, 3, 10, 5, 15) == 1 * 0x9E3779B97F4A7C15ULL + 3);
  scenario::LoadSpec users;
  users.model = scenario::VusLoad{10};
  users.duration = std::chrono::seconds(60);
  plan.model = engine::make_load_model(users);
  CHECK(engine::arrivals_due(plan, 0, 60) == 0);  // a closed model has no schedule
}

TEST_CASE("step seed: a step that may be extended offers its rate over every stretch it may be judged on") {
  const auto sc = valid(weighted_personas);
  // 4.1/s judged from 5 s, at least 49 s and up to 120 s (a step of the
  // c5 benchmark that was extended to its cap): looks at 49, 73.5, 110 and
  // 120 s. Chosen on its minimum alone, one such step offered 3.8/s over
  // the 120 s it was judged on.
  auto plan = step_plan(sc, 4.1);
  plan.model = constant(4.1, scenario::LoadSpec::Arrivals::poisson, std::chrono::seconds(125));
  const std::vector<double> looks = {49, 73.5, 110.25, 120};
  double worst = 0;
  for (std::uint64_t user_seed = 1; user_seed <= 3; ++user_seed)
    for (unsigned step = 0; step < 10; ++step) {
      plan.seed = capacity::step_seed(plan, user_seed, step, 4.1, 5, 54, 125);
      for (const double judged : looks) {
        const double expected = 4.1 * judged;
        const auto due = static_cast<double>(engine::arrivals_due(plan, 5, 5 + judged));
        worst = std::max(worst, std::abs(due - expected) / (0.25 * std::sqrt(expected) + 0.5));
      }
    }
  INFO("the worst look, in quarters of its Poisson spread: " << worst);
  CHECK(worst <= 1);
}
