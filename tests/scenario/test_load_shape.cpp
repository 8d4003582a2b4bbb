// Each model's curve, drawn once for the parser's checks and the engine.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "load_parser_helpers.hpp"
#include "scenario/load_shape.hpp"

using namespace rollcall;
using namespace rollcall::scenario;
using namespace rollcall::scenario::testing;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

TEST_CASE("load shape: each model's length and highest level") {
  LoadSpec spec;
  spec.model = ConstantLoad{25};
  CHECK(shape(spec).duration() == 60);  // a flat model without duration: a minute
  spec.duration = 90s;
  CHECK(shape(spec).duration() == 90);
  CHECK(shape(spec).peak() == 25);

  CHECK(shape(RampLoad{60, 20, 4s}).duration() == 4);
  CHECK(shape(RampLoad{60, 20, 4s}).peak() == 60);
  const RateCurve stages = shape(StagesLoad{10, {{30, 10s, false}, {0, 5s, true}, {0, 10s, false}}});
  CHECK(stages.duration() == 25);
  CHECK(stages.peak() == 30);
  CHECK(stages.level(12) == 30);  // the hold keeps the level reached
  const RateCurve steps = shape(StepsLoad{10, 5, 2s, 4});
  CHECK(steps.duration() == 8);
  CHECK(steps.level(7) == 25);
  CHECK(steps.peak() == 25);
  const RateCurve users = shape(RampVusLoad{{{100, 10s, false}, {0, 5s, true}}});
  CHECK(users.level(0) == 0);
  CHECK(users.duration() == 15);

  Profile rush;
  rush.points = {{450, 0.2}, {475, 1.0}, {540, 0.1}};  // 7:30, 7:55, 9:00
  spec.model = ProfileLoad{rush, 300};
  spec.time_scale = 30;
  CHECK(shape(spec).duration() == Approx(180));  // 90 minutes in 3
  CHECK(shape(spec).peak() == Approx(300));
  CHECK(shape(spec).level(0) == Approx(60));
}

TEST_CASE("load parser: the checks read the model's curve") {
  // A ramp_vus's stages are its shape: a shorter duration is refused.
  CHECK(load("load: {model: ramp_vus, stages: [{to: 10, over: 1m}], duration: 30s}\n").problems ==
        Lines{"scenario.yaml:1:65: duration 30s is shorter than the ramp_vus itself (60s): lengthen it or leave it out"});
  // A profile's highest point is its peak, whatever the rounding of
  // peak / highest share * share: a cap at the peak is not below it.
  auto at_peak = load("load: {profile: [[\"7:30\", 0.1], [\"8:00\", 0.3]], peak: 7, max_rate: 7}\n");
  CHECK(at_peak.problems.empty());
  CHECK(load("load: {profile: [[\"7:30\", 0.1], [\"8:00\", 0.3]], peak: 7, max_rate: 6.9}\n").problems ==
        Lines{"scenario.yaml:1:68: max_rate 6.9/s is below the profile's highest rate, 7/s: lower the load or raise max_rate"});
  // A closed model's cap paces journey starts: no highest rate to compare.
  CHECK(load("load: {vus: 10, max_rate: 1}\n").problems.empty());
}

TEST_CASE("profile parser: a CSV's values told at their cell, past a byte-order mark and quoted line breaks") {
  Files files;
  files.write("quoted.csv", "\xEF\xBB\xBFminute,share\n\"7:30\",0.2\n8:00,\"a\nb\"\n");
  CHECK(load("load: {profile: {file: quoted.csv}, peak: 10}\n", files.dir()).problems ==
        Lines{"quoted.csv:3:6: expected a share of arrivals, a number or percentage of 0 or more, got 'a\\x0ab'"});
  files.write("one.csv", "minute,share\n7:30,1\n");
  CHECK(load("load: {profile: {file: one.csv}, peak: 10}\n", files.dir()).problems ==
        Lines{"one.csv:1:1: a profile needs at least two rows: where the curve starts and where it ends"});
  files.write("flat.csv", "minute,share\n7:30,0\n8:00,0%\n");
  CHECK(load("load: {profile: {file: flat.csv}, peak: 10}\n", files.dir()).problems ==
        Lines{"flat.csv:1:1: every share is 0: no one would arrive"});
}
