#include <catch2/catch.hpp>

#include "load_helpers.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace rollcall::engine::testing;

namespace {

scenario::Profile morning() {
  scenario::Profile p;
  p.points = {{450, 0.2}, {475, 1.0}, {540, 0.1}};  // 7:30, 7:55, 9:00
  return p;
}

}  // namespace

TEST_CASE("profile: the morning rush played 30 times faster") {
  scenario::LoadSpec spec;
  spec.model = scenario::LoadSpec::Model::profile;
  spec.profile = morning();
  spec.peak = 100;
  spec.time_scale = 30;
  auto model = make_load_model(spec);
  CHECK(model->duration() == secs(180));   // 90 minutes in 3
  CHECK(model->rate(secs(0)) == Approx(20));
  CHECK(model->rate(secs(50)) == Approx(100));  // 7:55 is 25 minutes in: 50 s
  CHECK(model->rate(secs(115)) == Approx(55));
  // Integral: 25 min (0.2 -> 1) and 65 min (1 -> 0.1), in run seconds.
  const double expected = 50 * (20 + 100) / 2.0 + 130 * (100 + 10) / 2.0;
  CHECK(static_cast<double>(all_arrivals(*model).size()) == Approx(expected).margin(1));
  CHECK(model->describe() == "profile 7:30-9:00 at up to 100/s, played 30x faster (180s)");
}
