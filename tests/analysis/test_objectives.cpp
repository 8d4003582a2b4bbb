#include <catch2/catch.hpp>

#include "analysis/objectives.hpp"
#include "sim_helpers.hpp"

using namespace rollcall;
using namespace rollcall::analysis;
using namespace rollcall::analysis::testing;
using Status = ObjectiveResult::Status;

TEST_CASE("objectives: latency of a step, of journeys, ratios") {
  Simulated s;
  s.rate = 10;
  s.login_latency_ms = 900;
  s.error_ratio = 0.02;
  s.completed_ratio = 0.9;
  const auto j = evaluate({objective("login.p95 < 800ms"), objective("portal.p99 < 800ms"), objective("p95 < 1s"),
                           objective("errors < 1%"), objective("login.errors < 5%"), objective("achieved >= 95% of offered"),
                           objective("completed >= 80%"), objective("student:rejected < 5%")},
                          measure(s));
  REQUIRE(j.results.size() == 8);
  CHECK(j.results[0].status == Status::fail);
  CHECK(j.results[0].observed == Approx(900'000).epsilon(0.001));
  CHECK(j.results[1].status == Status::pass);
  CHECK(j.results[2].status == Status::pass);  // journeys take 400ms
  CHECK(j.results[3].status == Status::fail);
  CHECK(j.results[3].observed == Approx(0.01));  // 2% of login's requests over both steps'
  CHECK(j.results[4].status == Status::pass);
  CHECK(j.results[5].status == Status::fail);
  CHECK(j.results[5].observed == Approx(0.9));
  CHECK(j.results[6].status == Status::pass);
  CHECK(j.results[7].status == Status::pass);
  CHECK_FALSE(j.pass());
  REQUIRE(j.worst() != nullptr);
  CHECK(j.worst()->objective.text == "login.p95 < 800ms");  // 1.125 past, more than achieved's 1.056
  CHECK(j.worst()->describe() == "login p95 900ms (objective login.p95 < 800ms): failed");
}

TEST_CASE("objectives: a step that did not run is no data, not a failure") {
  Simulated s;
  s.rate = 10;
  const auto j = evaluate({objective("parent:login.p95 < 1ms"), objective("errors < 1%")}, measure(s));
  CHECK(j.results[0].status == Status::no_data);
  CHECK(j.pass());
}

TEST_CASE("objectives: defaults are errors, rejected and throughput") {
  const auto d = default_objectives();
  REQUIRE(d.size() == 3);
  CHECK(subject(d[0]) == "errors");
  CHECK(subject(d[2]) == "achieved");
  CHECK(d[2].threshold == Approx(0.95));
}

TEST_CASE("objectives: a late generator explains a latency failure only within its own delay") {
  Simulated s;
  s.rate = 10;
  s.login_latency_ms = 900;
  s.error_ratio = 0.02;
  const auto j = evaluate({objective("login.p95 < 800ms"), objective("login.p95 < 100ms"), objective("errors < 1%")}, measure(s));
  REQUIRE(j.results.size() == 3);
  // 900 ms against 800 ms: a generator 150 ms late could have made it fail, one 50 ms late could not.
  CHECK(generator_could_explain(j.results[0], 150'000));
  CHECK_FALSE(generator_could_explain(j.results[0], 50'000));
  // 900 ms against 100 ms: 20 ms of loop lag leaves 880 ms that are the target's.
  CHECK_FALSE(generator_could_explain(j.results[1], 20'000));
  // A ratio is always suspect: a saturated generator times its own requests out.
  CHECK(generator_could_explain(j.results[2], 0));
}
