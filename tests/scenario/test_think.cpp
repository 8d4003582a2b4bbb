// Think times drawn with fixed seeds: statistical checks over 100,000 draws.
#include <catch2/catch.hpp>

#include <cmath>

#include "scenario/model.hpp"

using namespace rollcall::scenario;
using namespace std::chrono_literals;

namespace {

struct Stats {
  double mean = 0, stddev = 0, min = 1e300, max = -1e300;
  long zeros = 0;
};

Stats draw(const Think& t, std::uint64_t seed, int n = 100'000) {
  rollcall::UserRng rng(seed);
  double sum = 0, sum2 = 0;
  Stats s;
  for (int i = 0; i < n; ++i) {
    const double v = std::chrono::duration<double>(t.draw(rng)).count();
    sum += v;
    sum2 += v * v;
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
    if (v == 0) ++s.zeros;
  }
  s.mean = sum / n;
  s.stddev = std::sqrt(std::max(0.0, sum2 / n - s.mean * s.mean));
  return s;
}

}  // namespace

TEST_CASE("think: constant") {
  rollcall::UserRng rng(1);
  const Think t{Think::Kind::constant, 1500ms, {}};
  for (int i = 0; i < 10; ++i) CHECK(t.draw(rng) == 1500ms);
}

TEST_CASE("think: uniform stays in its bounds, mean in the middle") {
  const auto s = draw({Think::Kind::uniform, 1s, 3s}, 7);
  CHECK(s.min >= 1.0);
  CHECK(s.max <= 3.0);
  CHECK(s.min < 1.01);
  CHECK(s.max > 2.99);
  CHECK(s.mean == Approx(2.0).epsilon(0.01));
  CHECK(s.stddev == Approx(2.0 / std::sqrt(12.0)).epsilon(0.02));  // (b - a) / sqrt(12)
}

TEST_CASE("think: exponential has its mean and standard deviation") {
  const auto s = draw({Think::Kind::exponential, 2s, {}}, 11);
  CHECK(s.min >= 0);
  CHECK(s.mean == Approx(2.0).epsilon(0.02));
  CHECK(s.stddev == Approx(2.0).epsilon(0.03));
  // P(X > 3 * mean) = e^-3, about 5%: the long tail people's pauses have.
  rollcall::UserRng rng(12);
  const Think t{Think::Kind::exponential, 2s, {}};
  int above = 0;
  for (int i = 0; i < 100'000; ++i) above += t.draw(rng) > 6s;
  CHECK(above / 100'000.0 == Approx(std::exp(-3.0)).epsilon(0.05));
}

TEST_CASE("think: normal has its mean and deviation, draws below 0 are 0") {
  const auto s = draw({Think::Kind::normal, 2s, 500ms}, 13);
  CHECK(s.mean == Approx(2.0).epsilon(0.01));
  CHECK(s.stddev == Approx(0.5).epsilon(0.02));
  CHECK(s.min >= 0);
  const auto wide = draw({Think::Kind::normal, 1s, 1s}, 17);
  CHECK(wide.min == 0);
  // About 15.9% of N(1, 1) is below 0.
  CHECK(wide.zeros / 100'000.0 == Approx(0.1587).epsilon(0.05));
}

TEST_CASE("think: the same seed draws the same times") {
  rollcall::UserRng a(99), b(99);
  const Think t{Think::Kind::exponential, 1s, {}};
  for (int i = 0; i < 100; ++i) CHECK(t.draw(a) == t.draw(b));
}
