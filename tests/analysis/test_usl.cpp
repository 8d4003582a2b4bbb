#include <cmath>

#include <catch2/catch.hpp>

#include "analysis/usl.hpp"

using namespace rollcall::analysis;

namespace {

double usl(double n, double lambda, double sigma, double kappa) {
  return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

}  // namespace

TEST_CASE("usl: recovers known coefficients from exact points") {
  std::vector<UslPoint> pts;
  for (double n = 5; n <= 120; n += 5) pts.push_back({n, usl(n, 2, 0.05, 0.0005)});
  const auto fit = fit_usl(pts);
  REQUIRE(fit.supported);
  CHECK(fit.lambda == Approx(2).epsilon(0.01));
  CHECK(fit.sigma == Approx(0.05).epsilon(0.02));
  CHECK(fit.kappa == Approx(0.0005).epsilon(0.02));
  CHECK(fit.r2 > 0.999);
  REQUIRE(fit.peak_load);
  CHECK(*fit.peak_load == Approx(std::sqrt(0.95 / 0.0005)).epsilon(0.02));
  CHECK(*fit.peak_throughput == Approx(usl(*fit.peak_load, 2, 0.05, 0.0005)).epsilon(0.01));
}

TEST_CASE("usl: noisy points still give the peak within 10 percent") {
  std::vector<UslPoint> pts;
  int i = 0;
  for (double n = 10; n <= 300; n += 10, ++i) {
    const double noise = 1 + 0.02 * ((i * 7919) % 11 - 5) / 5.0;  // +-2%, fixed
    pts.push_back({n, usl(n, 1.0, 0.02, 0.0001) * noise});
  }
  const auto fit = fit_usl(pts);
  REQUIRE(fit.supported);
  CHECK(fit.r2 > 0.95);
  REQUIRE(fit.peak_load);
  CHECK(*fit.peak_load == Approx(std::sqrt(0.98 / 0.0001)).epsilon(0.1));
}

TEST_CASE("usl: linear scaling has no peak") {
  std::vector<UslPoint> pts;
  for (double n = 1; n <= 8; ++n) pts.push_back({n, 3 * n});
  const auto fit = fit_usl(pts);
  REQUIRE(fit.supported);
  CHECK(fit.sigma == Approx(0).margin(1e-6));
  CHECK(fit.kappa == Approx(0).margin(1e-9));
  CHECK_FALSE(fit.peak_load);
}

TEST_CASE("usl: too few points or points that do not follow the law") {
  auto few = fit_usl({{1, 1}, {2, 2}, {3, 2.5}});
  CHECK_FALSE(few.supported);
  CHECK(few.describe() == "the data does not support a scalability fit: 3 distinct loads with throughput, at least 4 needed for 3 coefficients");
  auto zigzag = fit_usl({{10, 50}, {20, 5}, {30, 60}, {40, 4}, {50, 70}, {60, 3}});
  CHECK_FALSE(zigzag.supported);
  CHECK(zigzag.why_not.find("do not follow the law") != std::string::npos);
}
