#include <catch2/catch.hpp>

#include "analysis/objectives.hpp"
#include "capacity/measure.hpp"
#include "scenario/load_text.hpp"
#include "scenario/helpers.hpp"

using namespace rollcall;
using scenario::testing::valid;

namespace {

// Students and parents both log in; only parents pick a child.
const char* const two_personas =
    "target: http://127.0.0.1:1\n"
    "personas:\n"
    "  student:\n"
    "    flow: [{get: /login, name: login}, {get: /portal, name: portal}]\n"
    "  parent:\n"
    "    flow: [{get: /login, name: login}, {get: /child, name: pick-child}]\n";

scenario::Objective objective(const char* text) {
  scenario::TextProblem problem;
  auto o = scenario::parse_objective(text, problem);
  if (!o) throw std::runtime_error(problem.message);
  return *o;
}

}  // namespace

TEST_CASE("persona mix: a step only one persona has is that persona's, a shared one nobody's") {
  const auto sc = valid(two_personas);
  const auto mix = capacity::PersonaMix::of(sc);
  CHECK(mix->weights == std::vector<double>{1, 1});
  CHECK(mix->persona_of("login").empty());
  CHECK(mix->persona_of("portal") == "student");
  CHECK(mix->persona_of("pick-child") == "parent");
  CHECK(mix->persona_of("pick-child > form") == "parent");  // a redirect hop of the step
  CHECK(mix->persona_of("pick-children").empty());
}

TEST_CASE("measurement: persona-scoped objectives read the persona's own steps and counts") {
  const auto sc = valid(two_personas);
  engine::JourneyStats stats;
  stats.set_personas({"student", "parent"});
  stats.scheduled = 20;
  auto& login = stats.step("login");
  login.outcomes[static_cast<std::size_t>(engine::Outcome::success)] = 18;
  login.outcomes[static_cast<std::size_t>(engine::Outcome::http_error)] = 2;
  login.latency.record_n(30'000, 18);
  auto& pick = stats.step("pick-child");
  pick.outcomes[static_cast<std::size_t>(engine::Outcome::success)] = 9;
  pick.latency.record_n(2'000'000, 9);
  // Both login errors were students'.
  stats.persona(0).outcomes[static_cast<std::size_t>(engine::Outcome::success)] = 8;
  stats.persona(0).outcomes[static_cast<std::size_t>(engine::Outcome::http_error)] = 2;
  stats.persona(1).outcomes[static_cast<std::size_t>(engine::Outcome::success)] = 19;

  const auto m = capacity::to_measurement(stats, 10, *capacity::PersonaMix::of(sc), {});
  const auto j = analysis::evaluate({objective("parent:pick-child.p95 < 1s"), objective("student:errors < 1%"),
                                     objective("parent:errors < 1%"), objective("errors < 1%")},
                                    m);
  REQUIRE(j.results.size() == 4);
  using Status = analysis::ObjectiveResult::Status;
  CHECK(j.results[0].status == Status::fail);  // measured, not "no data"
  CHECK(j.results[0].observed == Approx(2'000'000).epsilon(0.01));
  CHECK(j.results[1].status == Status::fail);
  CHECK(j.results[1].observed == Approx(0.2));
  CHECK(j.results[2].status == Status::pass);
  CHECK(j.results[2].observed == Approx(0.0));
  CHECK(j.results[3].observed == Approx(2.0 / 29));
}
