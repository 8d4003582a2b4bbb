#include <catch2/catch.hpp>

#include "engine/persona_arrivals.hpp"
#include "load_helpers.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace rollcall::engine::testing;

namespace {

scenario::LoadSpec constant_load(double rate, double seconds) {
  scenario::LoadSpec s;
  s.model = scenario::ConstantLoad{rate};
  s.duration = secs(seconds);
  return s;
}

}  // namespace

TEST_CASE("persona arrivals: shares follow the weights") {
  auto model = make_load_model(constant_load(100, 10));
  const auto curves = persona_curves(*model, {80, 15, 5}, {});
  REQUIRE(curves.size() == 3);
  CHECK(curves[0].total() == Approx(800));
  CHECK(curves[1].total() == Approx(150));
  CHECK(curves[2].level(3) == Approx(5));
}

TEST_CASE("persona arrivals: a later persona and one with its own profile") {
  auto model = make_load_model(constant_load(100, 60));
  scenario::ArrivalSpec later;
  later.delay = secs(20);
  scenario::ArrivalSpec shaped;
  shaped.profile = scenario::Profile{{{0, 0}, {1, 1}}, "", {}};  // rising over the whole minute
  const auto curves = persona_curves(*model, {50, 25, 25}, {std::nullopt, later, shaped});
  CHECK(curves[0].total() == Approx(3000));
  CHECK(curves[1].level(10) == 0);
  CHECK(curves[1].level(30) == Approx(25));
  CHECK(curves[1].total() == Approx(1000));  // the delay pushes a third past the end
  CHECK(curves[2].total() == Approx(1500));  // its share, along its own shape
  CHECK(curves[2].level(1) < curves[2].level(59));
}

TEST_CASE("persona arrivals: the cap holds for the sum") {
  auto spec = constant_load(100, 10);
  spec.max_rate = 60;
  auto model = make_load_model(spec);
  scenario::ArrivalSpec shaped;
  shaped.profile = scenario::Profile{{{0, 1}, {1, 0}}, "", {}};
  const auto curves = persona_curves(*model, {1, 1}, {std::nullopt, shaped}, 6);  // a minute in 10 s
  for (double t = 0; t < 10; t += 0.25) CHECK(curves[0].level(t) + curves[1].level(t) <= 60 + 1e-9);
}
