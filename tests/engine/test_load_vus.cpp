#include <catch2/catch.hpp>

#include "load_helpers.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace rollcall::engine::testing;

TEST_CASE("vus: a constant number of users") {
  scenario::LoadSpec spec;
  spec.model = scenario::VusLoad{40};
  spec.duration = secs(30);
  auto model = make_load_model(spec);
  CHECK_FALSE(model->open());
  CHECK(model->duration() == secs(30));
  CHECK(model->curve().level(0) == 40);
  CHECK(model->curve().level(29.9) == 40);
  CHECK(model->curve().level(30) == 0);
  CHECK(model->peak_vus() == 40);
  CHECK(model->describe() == "40 users for 30s");
}

TEST_CASE("ramp_vus: users follow the stages") {
  scenario::LoadSpec spec;
  spec.model = scenario::RampVusLoad{{{100, secs(10), false}, {0, secs(10), true}, {0, secs(5), false}}};
  auto model = make_load_model(spec);
  CHECK(model->duration() == secs(25));
  CHECK(model->curve().level(0) == 0);
  CHECK(model->curve().level(0.1) == Approx(1));
  CHECK(model->curve().level(5) == Approx(50));
  CHECK(model->curve().level(15) == 100);
  CHECK(model->curve().level(22.5) == Approx(50));
  CHECK(model->peak_vus() == 100);
  CHECK(model->describe() == "ramp_vus up to 100 users over 25s");
  // max_rate caps journey starts (StartPacer), not users.
  spec.max_rate = 10;
  CHECK(make_load_model(spec)->peak_vus() == 100);
  CHECK(make_load_model(spec)->max_rate() == 10);
}

TEST_CASE("closed models: the segments' users are disjoint and together the single machine's") {
  scenario::LoadSpec vus;
  vus.model = scenario::VusLoad{50};
  vus.duration = secs(10);
  scenario::LoadSpec ramp;
  ramp.model = scenario::RampVusLoad{{{37, secs(5), false}, {0, secs(2), true}, {10, secs(3), false}}};
  for (const auto& spec : {vus, ramp}) {
    const auto model = make_load_model(spec);
    const auto whole = roster_split(*model, 1, 1);
    INFO(model->describe());
    REQUIRE(whole.all.size() == model->peak_vus());
    for (const unsigned segments : {2u, 3u, 7u})
      for (const unsigned lanes : {1u, 2u, 4u}) {
        INFO(segments << " segments of " << lanes << " lanes");
        const auto split = roster_split(*model, segments, lanes);
        CHECK(split.count == whole.all.size());  // no user started twice
        CHECK(split.all == whole.all);           // same users, same personas, same start times
      }
  }
  // The ramp brings user v in when the line reaches v + 1, whoever runs it.
  const auto model = make_load_model(ramp);
  const auto whole = roster_split(*model, 1, 1);
  CHECK(whole.all.at(0).second == Approx(5.0 / 37));
  CHECK(whole.all.at(36).second == Approx(5.0));
  // Weights 3 : 1, smooth round-robin: pupil, pupil, parent, pupil, ...
  CHECK(whole.all.at(1).first == 0);
  CHECK(whole.all.at(2).first == 1);
  CHECK(whole.all.at(3).first == 0);
}
