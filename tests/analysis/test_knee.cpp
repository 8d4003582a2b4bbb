#include <catch2/catch.hpp>

#include "analysis/knee.hpp"

using namespace rollcall::analysis;

TEST_CASE("knee: where a hockey stick bends") {
  std::vector<CurvePoint> points;
  for (double r = 10; r <= 100; r += 10) points.push_back({r, r <= 60 ? 100 + r : 160 + (r - 60) * 20});
  CHECK(find_knee(points) == Approx(60));
}

TEST_CASE("knee: none on a straight line or with too few points") {
  CHECK_FALSE(find_knee({{10, 100}, {20, 200}, {30, 300}, {40, 400}}));
  CHECK_FALSE(find_knee({{10, 100}, {20, 500}}));
  CHECK_FALSE(find_knee({{10, 500}, {20, 400}, {30, 300}}));
}
