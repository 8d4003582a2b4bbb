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
