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
  spec.model = scenario::ProfileLoad{morning(), 100};
  spec.time_scale = 30;
  auto model = make_load_model(spec);
  CHECK(model->duration() == secs(180));   // 90 minutes in 3
  CHECK(model->curve().level(0) == Approx(20));
  CHECK(model->curve().level(50) == Approx(100));  // 7:55 is 25 minutes in: 50 s
  CHECK(model->curve().level(115) == Approx(55));
  // Integral: 25 min (0.2 -> 1) and 65 min (1 -> 0.1), in run seconds.
  const double expected = 50 * (20 + 100) / 2.0 + 130 * (100 + 10) / 2.0;
  CHECK(static_cast<double>(all_arrivals(*model).size()) == Approx(expected).margin(1));
  CHECK(model->describe() == "profile 7:30-9:00 at up to 100/s, played 30x faster (180s)");
}

TEST_CASE("profile: poisson arrivals follow the curve, split exactly between machines and lanes") {
  scenario::LoadSpec spec;
  spec.model = scenario::ProfileLoad{morning(), 100};
  spec.time_scale = 30;
  spec.arrivals = scenario::LoadSpec::Arrivals::poisson;
  auto model = make_load_model(spec);
  const auto arrivals = all_arrivals(*model, {}, 9);
  // Arrivals in 10 s at the start and around the 7:55 peak (50 s), against the curve.
  int start = 0, peak = 0;
  for (const auto& a : arrivals) {
    if (a.at < 10) ++start;
    if (a.at >= 45 && a.at < 55) ++peak;
  }
  CHECK(start == Approx(10 * (20 + 36) / 2.0).epsilon(0.25));  // rate 20 -> 36 over the first 10 s
  CHECK(peak == Approx(971).epsilon(0.15));  // the integral of the curve over 45-55 s
  std::vector<Slice> slices;
  for (unsigned m = 0; m < 3; ++m)
    for (unsigned l = 0; l < 2; ++l) slices.push_back(Slice::part(m, 3).part_of(l, 2));
  CHECK(union_of(*model, slices, 9) == by_k(arrivals));
}

TEST_CASE("profile: the segments' arrivals add up to the single machine's, uniform and poisson") {
  scenario::LoadSpec spec;
  spec.model = scenario::ProfileLoad{morning(), 12};
  spec.time_scale = 600;  // 90 minutes in 9 s
  CHECK(check_partitions(spec, 8) > 50);

  // A persona on its own time-of-day curve (parents after the pupils), as
  // persona_streams() shapes it.
  spec.arrivals = scenario::LoadSpec::Arrivals::poisson;
  const auto model = make_load_model(spec);
  scenario::ArrivalSpec parents;
  parents.profile = scenario::Profile{{{480, 0}, {510, 1}, {540, 0}}, "", {}};
  const auto streams = persona_streams(*model, {3, 1}, {std::nullopt, parents}, spec.time_scale);
  const auto whole = split_run(streams, 1, 1, 5);
  CHECK(whole.all.size() > 50);
  for (const unsigned segments : {2u, 4u}) {
    const auto split = split_run(streams, segments, 2, 5);
    CHECK(split.all == whole.all);
    CHECK(split.count == whole.all.size());
  }
}
