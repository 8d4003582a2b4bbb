// A distributed staircase's verdict (`rollcall merge`): stated as the
// search states its own, from rungs judged on the merged data.
#include <catch2/catch.hpp>

#include "analysis/staircase_verdict.hpp"
#include "scenario/load_text.hpp"

using namespace rollcall::analysis;

namespace {

StepRecord rung(double rate, Outcome outcome, double p95_ms = 100) {
  StepRecord r;
  r.plan.phase = Phase::staircase;
  r.plan.rate = rate;
  r.outcome = outcome;
  r.journey_p95_ms = p95_ms;
  if (outcome == Outcome::fail) {
    rollcall::scenario::TextProblem problem;
    ObjectiveResult failed;
    failed.objective = *rollcall::scenario::parse_objective("login.p95 < 800ms", problem);
    failed.status = ObjectiveResult::Status::fail;
    failed.observed = 1'200'000;
    failed.samples = 400;
    failed.excess = 1.5;
    r.judgement.results.push_back(failed);
  }
  return r;
}

}  // namespace

TEST_CASE("a staircase saturates at the last pass before the first failing rung") {
  const auto v = staircase_verdict({rung(10, Outcome::pass, 90), rung(20, Outcome::pass, 120), rung(40, Outcome::fail, 900),
                                    rung(80, Outcome::pass, 95)},
                                   {});
  CHECK(v.kind == Verdict::Kind::saturated);
  CHECK(v.saturation == 20);
  CHECK(v.lowest_failing == 40);  // the pass at 80/s comes after the climb ended
  CHECK(v.limiting == "login p95");
  CHECK(v.reason == Reason::latency);
  CHECK_FALSE(v.confirmed);
}

TEST_CASE("a staircase whose first rung fails is saturated below the start") {
  const auto v = staircase_verdict({rung(10, Outcome::fail), rung(20, Outcome::fail)}, {});
  CHECK(v.kind == Verdict::Kind::below_start);
  CHECK(v.saturation == 0);
  CHECK(v.lowest_failing == 10);
}

TEST_CASE("an invalid rung before any failure makes the staircase generator-limited") {
  const auto v = staircase_verdict({rung(10, Outcome::pass), rung(20, Outcome::invalid), rung(40, Outcome::fail)}, {});
  CHECK(v.kind == Verdict::Kind::generator_limited);
  CHECK(v.generator_limit == 20);
  CHECK(v.saturation == 10);
  CHECK(v.limiting.empty());
}

TEST_CASE("a staircase that never fails is not saturated up to its last rung") {
  const auto v = staircase_verdict({rung(10, Outcome::pass), rung(20, Outcome::unjudged), rung(40, Outcome::pass)}, {});
  CHECK(v.kind == Verdict::Kind::not_reached);
  CHECK(v.saturation == 40);
  CHECK(staircase_verdict({}, {}).kind == Verdict::Kind::inconclusive);
}
