// load:, slo:, population: and arrival: as the loader will read them.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "load_parser_helpers.hpp"

using namespace rollcall::scenario;
using namespace rollcall::scenario::testing;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

TEST_CASE("load parser: each model, written in full or guessed from its keys") {
  auto c = load("load: {rate: 3000/m, duration: 2m, arrivals: poisson, max_rate: 100}\n");
  REQUIRE(c.problems.empty());
  REQUIRE(std::holds_alternative<ConstantLoad>(c.value->model));
  CHECK(std::get<ConstantLoad>(c.value->model).rate == 50);
  CHECK(c.value->duration == 2min);
  CHECK(c.value->arrivals == LoadSpec::Arrivals::poisson);
  CHECK(c.value->max_rate == 100);

  auto r = load("load: {from: 0, to: 200, over: 5m}\n");
  REQUIRE(r.problems.empty());
  REQUIRE(std::holds_alternative<RampLoad>(r.value->model));
  CHECK(std::get<RampLoad>(r.value->model).to == 200);
  CHECK(std::get<RampLoad>(r.value->model).over == 5min);

  auto s = load("load:\n  model: stages\n  stages:\n    - {to: 50, over: 1m}\n    - {hold: 2m}\n    - {to: 0, over: 30s}\n");
  REQUIRE(s.problems.empty());
  const auto& stages = std::get<StagesLoad>(s.value->model).stages;
  REQUIRE(stages.size() == 3);
  CHECK(stages[1].hold);
  CHECK(stages[1].over == 2min);
  CHECK(stages[2].target == 0);

  auto st = load("load: {start: 10, step: 10, every: 1m, count: 5}\n");
  REQUIRE(st.problems.empty());
  REQUIRE(std::holds_alternative<StepsLoad>(st.value->model));
  CHECK(std::get<StepsLoad>(st.value->model).count == 5);

  auto v = load("load: {vus: 200, duration: 10m}\n");
  REQUIRE(v.problems.empty());
  REQUIRE(std::holds_alternative<VusLoad>(v.value->model));
  CHECK(std::get<VusLoad>(v.value->model).vus == 200);
  CHECK_FALSE(v.value->open());

  auto rv = load("load: {model: ramp_vus, stages: [{to: 100, over: 1m}, {hold: 5m}]}\n");
  REQUIRE(rv.problems.empty());
  CHECK(std::get<RampVusLoad>(rv.value->model).stages[0].target == 100);

  auto p = load("load:\n  profile: [[\"7:30\", 0.2], [\"7:55\", 1], [\"9:00\", 10%]]\n  peak: 300\n  time_scale: \"1:30\"\n");
  REQUIRE(p.problems.empty());
  REQUIRE(std::holds_alternative<ProfileLoad>(p.value->model));
  CHECK(p.value->time_scale == 30);
  const auto& points = std::get<ProfileLoad>(p.value->model).profile.points;
  REQUIRE(points.size() == 3);
  CHECK(points[1].minute == 475);
  CHECK(points[2].share == Approx(0.1));

  auto m = load("load:\n  profile: {\"7:30\": 0.2, \"7:55\": 1}\n  peak: 300\n");
  REQUIRE(m.problems.empty());
  CHECK(std::get<ProfileLoad>(m.value->model).profile.points.size() == 2);
  auto a = load("load:\n  peak: 300\n  profile:\n    - {at: \"7:30\", share: 0.2}\n    - {at: \"8:00\", share: 1}\n");
  REQUIRE(a.problems.empty());
  CHECK(std::get<ProfileLoad>(a.value->model).profile.points[1].minute == 480);
}

TEST_CASE("load parser: contradictory and wrong settings, at their line and column") {
  CHECK(load("load: {model: rampe, to: 5, over: 1m}\n").problems ==
        Lines{"scenario.yaml:1:15: unknown load model 'rampe'; did you mean 'ramp'? (a model is one of: constant, ramp, "
              "stages, steps, profile, vus, ramp_vus)"});
  CHECK(load("load: {rate: 50, vus: 10}\n").problems ==
        Lines{"scenario.yaml:1:8: 'rate' does not go with model vus (vus takes: model, duration, max_rate, vus)"});
  CHECK(load("load:\n  model: ramp\n  to: 100\n").problems == Lines{"scenario.yaml:1:1: missing key 'over' in a ramp load"});
  CHECK(load("load: {rate: 500, max_rate: 100}\n").problems ==
        Lines{"scenario.yaml:1:29: max_rate 100/s is below the constant's highest rate, 500/s: lower the load or raise max_rate"});
  CHECK(load("load: {start: 10, step: 10, every: 1m, count: 5, max_rate: 40}\n").problems ==
        Lines{"scenario.yaml:1:60: max_rate 40/s is below the steps's highest rate, 50/s: lower the load or raise max_rate"});
  CHECK(load("load: {from: 0, to: 100, over: 5m, duration: 2m}\n").problems ==
        Lines{"scenario.yaml:1:46: duration 120s is shorter than the ramp itself (300s): lengthen it or leave it out"});
  CHECK(load("load: {from: 10, to: 10, over: 5m}\n").problems ==
        Lines{"scenario.yaml:1:22: a ramp from 10/s to the same rate: use model: constant"});
  CHECK(load("load:\n  stages:\n    - {to: 50, hold: 1m}\n").problems ==
        Lines{"scenario.yaml:3:8: a stage either holds ({hold: 2m}) or moves ({to: 50, over: 1m}), not both"});
  CHECK(load("load: {rate: fast}\n").problems ==
        Lines{"scenario.yaml:1:14: expected a rate such as 50, 50/s, 3000/m or 180000/h, got 'fast'"});
  CHECK(load("load: {rate: 5, arrivals: bursty}\n").problems ==
        Lines{"scenario.yaml:1:27: expected uniform (evenly spaced) or poisson (random, as independent people arrive), got 'bursty'"});
  CHECK(load("load: {profile: [[\"7:30\", 1], [\"7:30\", 2]], peak: 5}\n").problems ==
        Lines{"scenario.yaml:1:32: times must grow from one point to the next"});
  CHECK(load("load: {profile: [[\"7:30\", 1], [\"8:00\", 2]], peak: 5, time_scale: fast}\n").problems ==
        Lines{"scenario.yaml:1:66: expected a time scale such as 1:30 (a minute of run for 30 of the day) or 30x, got 'fast'"});
  CHECK(load("load: {}\n").problems ==
        Lines{"scenario.yaml:1:1: missing key 'model' in the load (constant, ramp, stages, steps, profile, vus or ramp_vus)"});
}

TEST_CASE("load parser: a profile from a CSV file, its problems at the CSV's line and column") {
  Files files;
  files.write("rush.csv", "minute,share\n7:30,0.2\n7:55,1\n\n9:00,10%\n");
  auto good = load("load: {profile: {file: rush.csv}, peak: 300, time_scale: 1:30}\n", files.dir());
  REQUIRE(good.problems.empty());
  const auto& rows = std::get<ProfileLoad>(good.value->model).profile.points;
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].minute == 540);
  CHECK(rows[2].share == Approx(0.1));

  files.write("bad.csv", "minute,share\n7:30,0.2\n7:55,lots\n8:60,1\n");
  CHECK(load("load: {profile: {file: bad.csv}, peak: 300}\n", files.dir()).problems ==
        Lines{"bad.csv:3:6: expected a share of arrivals, a number or percentage of 0 or more, got 'lots'",
              "bad.csv:4:1: expected a time of day such as 7:55, or minutes since midnight such as 475, got '8:60'"});
  files.write("ragged.csv", "minute,share\n7:30,0.2,x\n");
  CHECK(load("load: {profile: {file: ragged.csv}, peak: 300}\n", files.dir()).problems ==
        Lines{"ragged.csv:2:10: row has 3 fields, the header has 2"});
  CHECK(load("load: {profile: {file: missing.csv}, peak: 300}\n", files.dir()).problems.size() == 1);
}

TEST_CASE("slo parser: a list of objectives, problems at the character") {
  auto ok = slo("slo:\n  - login.p95 < 800ms\n  - errors < 1%\n  - achieved >= 95% of offered\n");
  REQUIRE(ok.problems.empty());
  REQUIRE(ok.value->size() == 3);
  CHECK((*ok.value)[0].where.line == 2);
  CHECK((*ok.value)[2].text == "achieved >= 95% of offered");
  auto one = slo("slo: errors < 1%\n");
  REQUIRE(one.value);
  CHECK(one.value->size() == 1);
  CHECK(slo("slo:\n  - login.p95 < fast\n  - \"errors > 1%\"\n").problems ==
        Lines{"scenario.yaml:2:17: expected a latency above 0 such as 800ms or 2s, got 'fast'",
              "scenario.yaml:3:13: errors is a bound from above: write it with < or <="});
  CHECK(slo("slo: []\n").problems == Lines{"scenario.yaml:1:6: no objectives: give at least one, such as 'errors < 1%', or leave slo out"});
  CHECK(slo("slo:\n").problems ==
        Lines{"scenario.yaml:1:1: expected an objective such as 'login.p95 < 800ms' or a list of them, got nothing"});
  CHECK(slo("slo: [logni.p95 < 1s]\n", ObjectiveNames{{"login"}, {}, {}}).problems ==
        Lines{"scenario.yaml:1:7: objective on an unknown step 'logni'; did you mean 'login'?"});
}

TEST_CASE("slo parser: an objective as a map may end the run early (abort_on_fail, delay)") {
  auto ok = slo("slo:\n  - login.p95 < 800ms\n  - {objective: errors < 5%, abort_on_fail: true, delay: 30s}\n"
                "  - {objective: \"rejected < 10%\", abort_on_fail: true}\n");
  REQUIRE(ok.problems.empty());
  REQUIRE(ok.value->size() == 3);
  const auto& plain = (*ok.value)[0];
  CHECK_FALSE(plain.abort_on_fail);
  const auto& errors = (*ok.value)[1];
  CHECK(errors.text == "errors < 5%");
  CHECK(errors.abort_on_fail);
  CHECK(errors.abort_delay == std::chrono::seconds(30));
  CHECK(errors.where.line == 3);
  CHECK(errors.where.column == 17);  // the objective's text, where its own problems are told
  CHECK((*ok.value)[2].abort_on_fail);
  CHECK((*ok.value)[2].abort_delay == std::chrono::seconds(10));  // the default delay

  CHECK(slo("slo:\n  - {objective: errors < 5%, abort_on_fial: true}\n").problems ==
        Lines{"scenario.yaml:2:30: unknown key 'abort_on_fial' in an objective: {objective: 'errors < 5%', "
              "abort_on_fail: true, delay: 30s}; did you mean 'abort_on_fail'? (allowed: objective, abort_on_fail, delay)"});
  CHECK(slo("slo:\n  - {abort_on_fail: true}\n").problems.size() == 1);
  CHECK(slo("slo:\n  - {objective: errors < 5%, abort_on_fail: yes please}\n").problems.size() == 1);
  CHECK(slo("slo:\n  - {objective: errors < 5%, delay: 30s}\n").problems ==
        Lines{"scenario.yaml:2:37: delay is how long the run goes before abort_on_fail may end it: set "
              "abort_on_fail: true, or leave delay out"});
  CHECK(slo("slo:\n  - {objective: errors < lots, abort_on_fail: true}\n").problems.size() == 1);
}

TEST_CASE("population parser: counts, shares and a window") {
  auto p = population("population:\n  student: {count: 1_200_000, share: 90%}\n  parent: 400000\n  window: 90m\n  peak_factor: 3\n");
  REQUIRE(p.problems.empty());
  REQUIRE(p.value->groups.size() == 2);
  CHECK(p.value->groups[0].count == 1'200'000);
  CHECK(p.value->groups[0].share == Approx(0.9));
  CHECK(p.value->groups[1].share == 1);
  CHECK(p.value->window == 90min);
  CHECK(p.value->peak_factor == 3);
  CHECK(population("population:\n  student: many\n  parent: {count: 10, share: 2}\n  peak_factor: 0.5\n").problems ==
        Lines{"scenario.yaml:2:12: expected a number of people above 0 such as 1200000, got 'many'",
              "scenario.yaml:3:30: expected the share who log in during the window, such as 90%: expected a ratio such as "
              "1% or 0.01 (0 to 100%), got '2'",
              "scenario.yaml:4:16: expected a peak factor of 1 or more (the busiest minute against the mean), got 0.5"});
  CHECK(population("population: {}\n").problems ==
        Lines{"scenario.yaml:1:13: no one in the population: give at least one role, such as student: 1200000"});
}

TEST_CASE("arrival parser: a delay, a profile of its own") {
  auto a = arrival("arrival: {delay: 20m, profile: [[\"17:00\", 0.5], [\"19:00\", 1]]}\n");
  REQUIRE(a.problems.empty());
  CHECK(a.value->delay == 20min);
  CHECK(a.value->profile->points[0].minute == 1020);
  CHECK(arrival("arrival: {}\n").problems == Lines{"scenario.yaml:1:10: an empty arrival: give a delay (delay: 20m) or a profile"});
  CHECK(arrival("arrival: {dealy: 5m}\n").problems ==
        Lines{"scenario.yaml:1:10: an empty arrival: give a delay (delay: 20m) or a profile",
              "scenario.yaml:1:11: unknown key 'dealy' in an arrival: {delay: 20m} and/or {profile: ...}; did you mean 'delay'? (allowed: delay, profile)"});
}

TEST_CASE("load overrides from the command line win over the file") {
  LoadSpec spec;
  spec.max_rate = 500;
  apply_overrides(spec, {100.0, 15.0});
  CHECK(spec.max_rate == 100);
  CHECK(spec.time_scale == 15);
}
