#include <catch2/catch.hpp>

#include "load_helpers.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace rollcall::engine::testing;

TEST_CASE("vus: a constant number of users") {
  scenario::LoadSpec spec;
  spec.model = scenario::LoadSpec::Model::vus;
  spec.vus = 40;
  spec.duration = secs(30);
  auto model = make_load_model(spec);
  CHECK_FALSE(model->open());
  CHECK(model->vus(secs(0)) == 40);
  CHECK(model->vus(secs(29.9)) == 40);
  CHECK(model->vus(secs(30)) == 0);
  CHECK(model->rate(secs(1)) == 0);
  CHECK(model->describe() == "40 users for 30s");
}

TEST_CASE("ramp_vus: users follow the stages, a user joins when the line reaches it") {
  scenario::LoadSpec spec;
  spec.model = scenario::LoadSpec::Model::ramp_vus;
  spec.stages = {{100, secs(10), false}, {0, secs(10), true}, {0, secs(5), false}};
  auto model = make_load_model(spec);
  CHECK(model->duration() == secs(25));
  CHECK(model->vus(secs(0)) == 0);
  CHECK(model->vus(secs(0.1)) == 1);
  CHECK(model->vus(secs(5)) == 50);
  CHECK(model->vus(secs(15)) == 100);
  CHECK(model->vus(secs(22.5)) == 50);
  CHECK(model->peak_vus() == 100);
  // max_rate caps journey starts (StartPacer), not users.
  spec.max_rate = 10;
  CHECK(make_load_model(spec)->peak_vus() == 100);
  CHECK(make_load_model(spec)->max_rate() == 10);
}

TEST_CASE("closed models: the segments' users are disjoint and together the single machine's") {
  scenario::LoadSpec vus;
  vus.model = scenario::LoadSpec::Model::vus;
  vus.vus = 50;
  vus.duration = secs(10);
  scenario::LoadSpec ramp;
  ramp.model = scenario::LoadSpec::Model::ramp_vus;
  ramp.stages = {{37, secs(5), false}, {0, secs(2), true}, {10, secs(3), false}};
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
