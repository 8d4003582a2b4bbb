#include <catch2/catch.hpp>

#include "load_helpers.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace rollcall::engine::testing;

TEST_CASE("stages: ramps and holds in order, from start") {
  scenario::LoadSpec spec;
  spec.model = scenario::StagesLoad{10, {{30, secs(10), false}, {0, secs(5), true}, {0, secs(10), false}}};
  auto model = make_load_model(spec);
  CHECK(model->duration() == secs(25));
  CHECK(model->curve().level(0) == 10);
  CHECK(model->curve().level(5) == Approx(20));
  CHECK(model->curve().level(12) == 30);
  CHECK(model->curve().level(20) == Approx(15));
  // 200 ramping up, 150 held, 150 ramping down.
  const auto arrivals = all_arrivals(*model);
  CHECK(arrivals.size() == 500);
  const auto counts = per_second(arrivals, 25);
  CHECK(counts[10] == 30);
  CHECK(counts[14] == 30);
  CHECK(union_of(*model, {Slice::part(0, 3), Slice::part(1, 3), Slice::part(2, 3)}, 1) == by_k(arrivals));
}

TEST_CASE("stages: the segments' arrivals add up to the single machine's, uniform and poisson") {
  scenario::LoadSpec spec;
  spec.model = scenario::StagesLoad{5, {{40, secs(2), false}, {0, secs(2), true}, {10, secs(2), false}}};
  CHECK(check_partitions(spec, 30) > 120);
}
