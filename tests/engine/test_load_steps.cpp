#include <catch2/catch.hpp>

#include "load_helpers.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace rollcall::engine::testing;

TEST_CASE("steps: a staircase of flat rates") {
  scenario::LoadSpec spec;
  spec.model = scenario::StepsLoad{10, 10, secs(2), 3};
  auto model = make_load_model(spec);
  CHECK(model->duration() == secs(6));
  CHECK(per_second(all_arrivals(*model), 6) == std::vector<int>{10, 10, 20, 20, 30, 30});
  CHECK(model->describe() == "3 steps of 2s from 10/s by 10/s");
  CHECK(union_of(*model, {Slice::part(0, 2).part_of(0, 2), Slice::part(0, 2).part_of(1, 2), Slice::part(1, 2)}, 1) ==
        by_k(all_arrivals(*model)));
  spec.max_rate = 25;
  CHECK(per_second(all_arrivals(*make_load_model(spec)), 6) == std::vector<int>{10, 10, 20, 20, 25, 25});
}

TEST_CASE("steps: the segments' arrivals add up to the single machine's, uniform and poisson") {
  scenario::LoadSpec spec;
  spec.model = scenario::StepsLoad{10, 15, secs(1.5), 4};
  CHECK(check_partitions(spec, 35) > 150);
}
