#include <cmath>

#include <catch2/catch.hpp>

#include "load_helpers.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace rollcall::engine::testing;

namespace {

scenario::LoadSpec constant(double rate, double seconds) {
  scenario::LoadSpec s;
  s.model = scenario::ConstantLoad{rate};
  s.duration = secs(seconds);
  return s;
}

}  // namespace

TEST_CASE("constant: exactly the rate in every second, the first arrival at the start") {
  auto model = make_load_model(constant(25, 10));
  CHECK(model->open());
  CHECK(model->duration() == secs(10));
  CHECK(model->curve().level(3) == 25);
  const auto arrivals = all_arrivals(*model);
  REQUIRE(arrivals.size() == 250);
  CHECK(arrivals.front().at == 0);
  CHECK(arrivals[1].at == Approx(0.04));
  CHECK(per_second(arrivals, 10) == std::vector<int>(10, 25));
  CHECK(model->describe() == "constant 25/s for 10s");
}

TEST_CASE("constant: lanes and segments partition the schedule exactly") {
  auto model = make_load_model(constant(33.3, 10));
  const auto whole = by_k(all_arrivals(*model));
  CHECK(whole.size() == 333);
  // 3 lanes on one machine.
  CHECK(union_of(*model, {Slice::part(0, 3), Slice::part(1, 3), Slice::part(2, 3)}, 1) == whole);
  // 2 machines of 3 lanes each.
  std::vector<Slice> slices;
  for (unsigned m = 0; m < 2; ++m)
    for (unsigned l = 0; l < 3; ++l) slices.push_back(Slice::part(m, 2).part_of(l, 3));
  CHECK(union_of(*model, slices, 1) == whole);
  std::size_t sum = 0;
  for (const auto& s : slices) sum += all_arrivals(*model, s).size();
  CHECK(sum == whole.size());  // and disjoint
}

TEST_CASE("constant: poisson arrivals have the rate's mean and variance, fixed by the seed") {
  auto spec = constant(50, 200);
  spec.arrivals = scenario::LoadSpec::Arrivals::poisson;
  auto model = make_load_model(spec);
  const auto arrivals = all_arrivals(*model, {}, 42);
  const auto counts = per_second(arrivals, 200);
  double mean = 0, var = 0;
  for (int c : counts) mean += c;
  mean /= static_cast<double>(counts.size());
  for (int c : counts) var += (c - mean) * (c - mean);
  var /= static_cast<double>(counts.size() - 1);
  // 10,000 expected: the total within 3 standard deviations (300)...
  CHECK(std::abs(static_cast<double>(arrivals.size()) - 10000) < 300);
  // ...and counts per second Poisson: variance close to the mean (not the
  // 0 of evenly spread arrivals).
  CHECK(var / mean == Approx(1).margin(0.25));
  // Same seed, same schedule; another seed, another one.
  CHECK(by_k(all_arrivals(*model, {}, 42)) == by_k(arrivals));
  CHECK(all_arrivals(*model, {}, 43).front().at != arrivals.front().at);
  // Lanes partition it exactly, arrival k at the same time everywhere.
  CHECK(union_of(*model, {Slice::part(0, 4), Slice::part(1, 4), Slice::part(2, 4), Slice::part(3, 4)}, 42) == by_k(arrivals));
}

TEST_CASE("constant: max_rate caps the rate, and spaces poisson arrivals") {
  auto spec = constant(100, 20);
  spec.max_rate = 40;
  auto model = make_load_model(spec);
  CHECK(model->curve().level(1) == 40);
  CHECK(per_second(all_arrivals(*model), 20) == std::vector<int>(20, 40));

  spec.arrivals = scenario::LoadSpec::Arrivals::poisson;
  auto poisson = make_load_model(spec);
  const auto arrivals = all_arrivals(*poisson, {}, 7);
  for (std::size_t i = 1; i < arrivals.size(); ++i) REQUIRE(arrivals[i].at - arrivals[i - 1].at >= 1.0 / 40 - 1e-12);
  for (int c : per_second(arrivals, 20)) CHECK(c <= 41);
}

TEST_CASE("constant: the segments' arrivals add up to the single machine's, uniform and poisson") {
  // Every persona's stream as the engine draws it (a delayed one too), 1 to
  // 7 machines of 1 to 3 lanes, with and without a cap below the rate.
  CHECK(check_partitions(constant(33.3, 6), 20) > 150);
}
