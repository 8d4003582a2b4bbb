#include <catch2/catch.hpp>

#include "common/rate_curve.hpp"

using namespace rollcall;

TEST_CASE("rate curve: integral and its inverse over ramps and holds") {
  RateCurve c;
  c.add(10, 0, 100).hold(10, 100);
  CHECK(c.duration() == 20);
  CHECK(c.level(5) == Approx(50));
  CHECK(c.level(15) == 100);
  CHECK(c.level(25) == 0);
  CHECK(c.integral(10) == Approx(500));
  CHECK(c.total() == Approx(1500));
  std::size_t cursor = 0;
  CHECK(*c.time_of(0, cursor) == 0);
  CHECK(*c.time_of(125, cursor) == Approx(5));   // 5 t^2 = 125
  CHECK(*c.time_of(600, cursor) == Approx(11));  // 500 + 100 * 1
  CHECK_FALSE(c.time_of(1500, cursor));
}

TEST_CASE("rate curve: a cap splits the pieces that cross it") {
  RateCurve c;
  c.add(10, 0, 100).add(10, 100, 0);
  const auto capped = c.capped(50);
  CHECK(capped.peak() == 50);
  CHECK(capped.duration() == 20);
  CHECK(capped.level(2.5) == Approx(25));
  CHECK(capped.level(10) == 50);
  // 2 * (125 ramping + 250 held) = 750
  CHECK(capped.total() == Approx(750));
}

TEST_CASE("rate curve: delayed and lasting keep their levels") {
  RateCurve c;
  c.hold(10, 5);
  const auto later = c.delayed(3);
  CHECK(later.duration() == 13);
  CHECK(later.level(1) == 0);
  CHECK(later.level(4) == 5);
  CHECK(c.lasting(15).total() == Approx(75));
  CHECK(c.lasting(4).total() == Approx(20));
  std::size_t cursor = 0;
  CHECK(*later.time_of(0, cursor) == 3);  // nothing arrives while the level is 0
}
