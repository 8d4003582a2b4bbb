// The distributed search (capacity --segment i/n): every machine climbs
// the same rungs at the same instants, decided by the settings alone, and
// stops on its own share's failure beyond doubt.
#include <cmath>

#include <catch2/catch.hpp>

#include "analysis/capacity_search.hpp"
#include "sim_helpers.hpp"

using namespace rollcall;
using namespace rollcall::analysis;
using namespace rollcall::analysis::testing;
using namespace std::chrono_literals;

namespace {

// login p95 = 200 ms / (1 - rate / 160): "login.p95 < 800ms" holds below 120/s.
Simulated staircase_target(double rate) {
  Simulated s;
  s.rate = rate;
  s.login_latency_ms = 200 / std::max(1 - rate / 160, 0.01);
  s.journey_latency_ms = 300 + s.login_latency_ms;
  return s;
}

SearchSettings staircase(double share) {
  SearchSettings s;
  s.fixed_staircase = true;
  s.share = share;
  s.start_rate = 10;
  s.growth = 2;
  s.hold = 10s;
  s.transient = 5s;
  s.warmup = 0s;
  return s;
}

std::vector<scenario::Objective> login_objectives() { return {objective("login.p95 < 800ms")}; }

// Plays the search; each rung measured at this machine's share of its rate.
template <class F>
const CapacitySearch& play(CapacitySearch& search, double share, F simulate) {
  for (int guard = 0; guard < 50; ++guard) {
    auto step = search.next_step();
    if (!step) break;
    Simulated s = simulate(*step);
    s.rate = step->rate * share;
    s.seconds = std::chrono::duration<double>(step->hold - step->discard).count();
    StepMeasurement m;
    m.measurement = measure(s);
    search.record(m);
  }
  REQUIRE(search.done());
  return search;
}

}  // namespace

TEST_CASE("fixed staircase: the same rungs on every machine, up to the first failure beyond doubt, and no further") {
  for (const double share : {1.0, 0.5, 0.25}) {
    CapacitySearch search(staircase(share), login_objectives());
    play(search, share, [](const StepPlan& p) { return staircase_target(p.rate); });
    const auto& h = search.history();
    INFO("share " << share);
    // 10, 20, 40, 80 pass; 160/s fails (p95 20 s): no 320, no bisection.
    REQUIRE(h.size() == 5);
    for (std::size_t i = 0; i < h.size(); ++i) {
      CHECK(h[i].plan.phase == Phase::staircase);
      CHECK(h[i].plan.rate == 10 * std::pow(2, static_cast<double>(i)));  // the whole run's rates, no rung skipped
      CHECK(h[i].plan.discard == 5s);
      CHECK(h[i].plan.max_hold == h[i].plan.hold);  // never extended
      CHECK(h[i].plan.first_look == h[i].plan.hold);  // nor cut short
      CHECK(h[i].plan.cooldown == 0s);
    }
    CHECK(h.back().outcome == Outcome::fail);
    const auto& v = search.verdict();
    CHECK(v.kind == Verdict::Kind::saturated);
    CHECK(v.saturation == 80);
    CHECK(v.lowest_failing == 160);
    CHECK_FALSE(v.recovery.checked);  // no recovery: its rate hangs on the merged verdict
  }
}

TEST_CASE("fixed staircase: rungs long enough for this machine's share of the samples, the same for every machine") {
  // A p95 needs 200 journeys: at 10/s, 20 s judged on one machine; a
  // quarter share of 10/s is 2.5/s, 80 s. The transient stays as given.
  CapacitySearch whole(staircase(1), login_objectives());
  CapacitySearch quarter(staircase(0.25), login_objectives());
  CHECK(whole.next_step()->hold == 5s + 20s);
  CHECK(quarter.next_step()->hold == 5s + 80s);
  // Two machines with the same settings plan the same rungs: nothing in a
  // plan depends on what a machine measured.
  CapacitySearch a(staircase(0.5), login_objectives()), b(staircase(0.5), login_objectives());
  for (int i = 0; i < 4; ++i) {
    const auto pa = *a.next_step(), pb = *b.next_step();
    CHECK(pa.rate == pb.rate);
    CHECK(pa.hold == pb.hold);
    StepMeasurement fast_target, slow_target;
    fast_target.measurement = measure(staircase_target(pa.rate * 0.01));
    Simulated slow = staircase_target(pa.rate * 0.5);
    slow.journey_latency_ms = 5000;  // a long journey p95 would lengthen a search's transient
    slow_target.measurement = measure(slow);
    a.record(fast_target);
    b.record(slow_target);
  }
}

TEST_CASE("fixed staircase: a failure this share cannot show beyond doubt goes on; the abort rule and the generator stop it") {
  // At 20/s the p95's interval straddles 960 ms: not shown to hold, a
  // failure in this machine's view, but not beyond doubt (its share holds
  // 1/n of the rung's samples): the merge of every share decides, and this
  // machine climbs on, to 40/s, which fails beyond doubt.
  CapacitySearch undecided(staircase(0.5), {objective("login.p95 < 960ms")});
  for (int guard = 0; guard < 10 && undecided.next_step(); ++guard) {
    const auto step = *undecided.next_step();
    Simulated s;
    s.rate = step.rate * 0.5;
    s.seconds = 20;
    Measurement m = measure(s);
    if (step.rate == 20) {
      metrics::Histogram straddling;  // 100 logins from 10 ms to 1 s: p95 950 ms, [910 - 990 ms]
      for (std::int64_t i = 1; i <= 100; ++i) straddling.record(i * 10'000);
      m.steps[0].tally.latency = straddling;
    }
    if (step.rate == 40) {
      s.login_latency_ms = 3000;
      m = measure(s);
    }
    StepMeasurement sm;
    sm.measurement = m;
    undecided.record(sm);
  }
  const auto& u = undecided.history();
  REQUIRE(u.size() == 3);
  CHECK(u[1].plan.rate == 20);
  CHECK(u[1].outcome == Outcome::fail);
  CHECK_FALSE(u[1].decided);
  CHECK(u[2].plan.rate == 40);  // climbed on
  CHECK(undecided.verdict().lowest_failing == 20);
  CHECK(undecided.verdict().saturation == 10);

  // The abort rule ends the staircase at its rung.
  CapacitySearch aborting(staircase(0.5), login_objectives());
  for (int guard = 0; guard < 10 && aborting.next_step(); ++guard) {
    const auto step = *aborting.next_step();
    StepMeasurement m;
    m.measurement = measure(staircase_target(1));
    m.aborted = step.rate >= 40;
    aborting.record(m);
  }
  CHECK(aborting.history().size() == 3);
  CHECK(aborting.verdict().limiting == "errors (step aborted)");

  // An invalid rung is not run again (the others would not wait for it).
  CapacitySearch limited(staircase(0.5), login_objectives());
  for (int guard = 0; guard < 10 && limited.next_step(); ++guard) {
    const auto step = *limited.next_step();
    Simulated s = staircase_target(step.rate * 0.5);
    if (step.rate >= 20) s.generator.loop_lag_p99_ms = 50;
    StepMeasurement m;
    m.measurement = measure(s);
    limited.record(m);
  }
  CHECK(limited.history().size() == 2);
  CHECK(limited.verdict().kind == Verdict::Kind::generator_limited);
  CHECK(limited.verdict().generator_limit == 20);
}

TEST_CASE("fixed staircase: the maximum rate passed is the top rung") {
  auto settings = staircase(0.5);
  settings.max_rate = 50;
  CapacitySearch search(settings, login_objectives());
  play(search, 0.5, [](const StepPlan& p) { return staircase_target(p.rate / 10); });
  const auto& h = search.history();
  REQUIRE(h.size() == 4);
  CHECK(h[3].plan.rate == 50);
  CHECK(search.verdict().kind == Verdict::Kind::not_reached);
}
