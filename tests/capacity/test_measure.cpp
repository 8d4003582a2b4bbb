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

TEST_CASE("stretch meter: a long stretch keeps at most 64 parts, in order, with every sample") {
  const auto sc = valid(two_personas);
  capacity::StretchMeter meter(capacity::PersonaMix::of(sc), 1);
  // 150 one-second intervals: the login's latency is the interval's index
  // in milliseconds, one request each.
  for (std::size_t i = 0; i < 150; ++i) {
    engine::JourneyStats stats;
    stats.set_personas({"student", "parent"});
    auto& login = stats.step("login");
    login.outcomes[static_cast<std::size_t>(engine::Outcome::success)] = 1;
    login.latency.record(static_cast<std::int64_t>(i + 1) * 1'000);
    meter.add(engine::IntervalReport{i, static_cast<double>(i), 1.0, stats, 0.0, 1.0});
  }
  const auto m = meter.measurement();
  // 64 parts of one second, merged into 32 of two at the 65th second, into
  // 32 of four at the 129th; the last 22 seconds make five more parts of
  // four and one of two.
  REQUIRE(m.parts.size() == 38);
  double seconds = 0;
  std::uint64_t requests = 0;
  for (const auto& p : m.parts) {
    seconds += p.seconds;
    REQUIRE(p.steps.size() == 1);
    requests += p.steps[0].second.requests;
  }
  CHECK(seconds == Approx(150));
  CHECK(requests == 150);
  CHECK(m.parts[0].seconds == Approx(4));
  CHECK(m.parts[0].steps[0].second.latency.max() <= 4'200);  // seconds 1-4, in order
  CHECK(m.parts[31].seconds == Approx(4));
  CHECK(m.parts.back().seconds == Approx(2));
}
