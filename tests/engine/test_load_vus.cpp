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
