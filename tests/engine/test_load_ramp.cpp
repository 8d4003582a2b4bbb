#include <catch2/catch.hpp>

#include "load_helpers.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace rollcall::engine::testing;

TEST_CASE("ramp: arrivals per second follow the line, then the last rate holds") {
  scenario::LoadSpec spec;
  spec.model = scenario::RampLoad{0, 100, secs(10)};
  spec.duration = secs(12);
  auto model = make_load_model(spec);
  CHECK(model->duration() == secs(12));
  CHECK(model->curve().level(2.5) == Approx(25));
  CHECK(model->curve().level(11) == 100);
  // Second s of the ramp holds the integral 5 (s+1)^2 - 5 s^2 = 10 s + 5.
  CHECK(per_second(all_arrivals(*model), 12) == std::vector<int>{5, 15, 25, 35, 45, 55, 65, 75, 85, 95, 100, 100});
  CHECK(union_of(*model, {Slice::part(0, 2), Slice::part(1, 2)}, 1) == by_k(all_arrivals(*model)));
}

TEST_CASE("ramp: down, and capped") {
  scenario::LoadSpec spec;
  spec.model = scenario::RampLoad{60, 20, secs(4)};
  spec.max_rate = 50;
  auto model = make_load_model(spec);
  CHECK(model->curve().level(0) == 50);
  CHECK(model->curve().level(3) == Approx(30));
  CHECK(model->curve().peak() == 50);
}

TEST_CASE("ramp: the segments' arrivals add up to the single machine's, uniform and poisson") {
  scenario::LoadSpec spec;
  spec.model = scenario::RampLoad{2, 60, secs(5)};
  spec.duration = secs(6);
  CHECK(check_partitions(spec, 25) > 150);  // capped where the line crosses 25/s
}
