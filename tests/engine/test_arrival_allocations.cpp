// The next arrival is computed once per arrival on the engine's hot path:
// it must not allocate. Counted with a global operator new that this test
// binary replaces.
#include <catch2/catch.hpp>

#include "engine/load_model.hpp"
#include "support/allocation_counter.hpp"

using rollcall::test::allocations;
using rollcall::test::counting;

using namespace rollcall;
using namespace rollcall::engine;

TEST_CASE("arrivals: the next one allocates nothing, uniform or poisson") {
  scenario::LoadSpec spec;
  spec.model = scenario::StagesLoad{0, {{200, std::chrono::seconds(5), false}, {0, std::chrono::seconds(5), true}}};
  spec.max_rate = 150;
  for (auto process : {scenario::LoadSpec::Arrivals::uniform, scenario::LoadSpec::Arrivals::poisson}) {
    spec.arrivals = process;
    auto model = make_load_model(spec);
    ArrivalGenerator lane(model->curve(), model->process(), Slice::part(1, 2).part_of(1, 3), 5, model->max_rate());
    long arrivals = 0;
    counting = true;
    allocations = 0;
    while (lane.next()) ++arrivals;
    counting = false;
    CHECK(arrivals > 100);
    CHECK(allocations == 0);
  }
}
