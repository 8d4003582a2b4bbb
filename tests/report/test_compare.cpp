#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include <boost/json/parse.hpp>

#include "report/compare.hpp"
#include "report/mann_whitney.hpp"
#include "synthetic.hpp"
#include "xml_check.hpp"

using namespace rollcall::report;
using rollcall::test::SyntheticOptions;
using rollcall::test::synthetic_results;

namespace {

Results run(double scale, std::uint32_t seed, int seconds = 300) {
  SyntheticOptions o;
  o.seconds = seconds;
  o.latency_scale = scale;
  o.seed = seed;
  return synthetic_results(o);
}

const MetricChange& metric(const Comparison& c, const std::string& step, const std::string& name) {
  for (const auto& s : c.steps)
    if (s.step == step)
      for (const auto& m : s.metrics)
        if (m.metric == name) return m;
  throw std::runtime_error("no " + step + " " + name);
}

}  // namespace

TEST_CASE("mann-whitney matches the normal approximation worked by hand") {
  // 1..5 against 6..10: U = 0, mean 12.5, sigma^2 = 25 * 11 / 12; with the
  // continuity correction z = -12 / 4.78714 = -2.50672, p = erfc(2.50672 / sqrt 2).
  const std::vector<double> low{1, 2, 3, 4, 5}, high{6, 7, 8, 9, 10};
  const auto r = mann_whitney(low, high);
  CHECK(r.u == 0);
  CHECK(r.z == Approx(-2.50672).epsilon(1e-4));
  CHECK(r.p_value == Approx(0.012186).epsilon(1e-3));
  CHECK(r.probability_greater == 0);
  const auto reverse = mann_whitney(high, low);
  CHECK(reverse.u == 25);
  CHECK(reverse.p_value == Approx(r.p_value));
}

TEST_CASE("mann-whitney corrects for ties") {
  // Ranks: 1 -> 1.5 (x2), 2 -> 4 (x3), 3 -> 6.5 (x2); U1 = 1.5 + 4 + 6.5 + 6.5 - 10 = 8.5.
  // sigma^2 = 4*3/12 * (8 - (6 + 24 + 6) / 42) = 7.142857; z = (8.5 - 6 - 0.5) / 2.672612.
  const std::vector<double> a{1, 2, 3, 3}, b{1, 2, 2};
  const auto r = mann_whitney(a, b);
  CHECK(r.u == Approx(8.5));
  CHECK(r.z == Approx(2.0 / std::sqrt(7.142857)).epsilon(1e-5));
  CHECK(r.p_value == Approx(std::erfc(2.0 / std::sqrt(7.142857) / std::sqrt(2.0))).epsilon(1e-6));
}

TEST_CASE("mann-whitney on identical or constant samples finds nothing") {
  const std::vector<double> a{5, 5, 5, 5}, b{5, 5, 5};
  CHECK(mann_whitney(a, b).p_value == 1);
  CHECK(mann_whitney(a, {}).p_value == 1);
  const std::vector<double> c{1, 4, 2, 8, 5, 7};
  const auto r = mann_whitney(c, c);
  CHECK(r.p_value == 1);
  CHECK(r.probability_greater == 0.5);
}

TEST_CASE("compare of a run with itself finds no regression") {
  const Results base = run(1.0, 7);
  const Comparison c = compare_results(base, base);
  CHECK_FALSE(c.regression());
  REQUIRE(c.steps.size() == 6);
  for (const auto& s : c.steps)
    for (const auto& m : s.metrics) {
      CHECK(m.change == 0);
      if (m.metric != "error_ratio") {
        REQUIRE(m.test);
        CHECK(m.test->p_value == Approx(1.0));
      }
    }
}

TEST_CASE("compare of two runs that differ by noise only finds no regression") {
  const Comparison c = compare_results(run(1.0, 1), run(1.0, 2));
  CHECK_FALSE(c.regression());
}

TEST_CASE("compare finds a 30 percent slower candidate with a tiny p-value") {
  const Comparison c = compare_results(run(1.0, 1), run(1.3, 2));
  CHECK(c.regression());
  const auto& p95 = metric(c, "portal home", "p95_ms");
  CHECK(p95.regression);
  CHECK(p95.change == Approx(0.3).margin(0.08));
  REQUIRE(p95.test);
  CHECK(p95.test->p_value < 1e-6);
  CHECK(p95.test->z > 0);
  CHECK_FALSE(metric(c, "portal home", "error_ratio").regression);
  CHECK(compare_text(c).find("REGRESSION") != std::string::npos);

  const auto j = boost::json::parse(compare_json(c)).as_object();
  CHECK(j.at("schema").as_string() == "rollcall.compare/1");
  CHECK(j.at("regression").as_bool());
  CHECK(j.at("steps").as_array()[0].at("metrics").as_array()[1].at("test").at("p_value").as_double() < 1e-6);

  std::size_t failures = 0;
  for (const auto& e : rollcall::test::check_xml(junit_xml(compare_junit_suites(c), 0))) failures += e.name == "failure";
  CHECK(failures >= 6);
}

TEST_CASE("compare lets a significant change within the tolerance pass") {
  const Results base = run(1.0, 1, 1200), candidate = run(1.05, 1, 1200);
  const Comparison c = compare_results(base, candidate);
  const auto& p50 = metric(c, "grades", "p50_ms");
  CHECK(p50.significant);
  CHECK_FALSE(p50.regression);
  CHECK_FALSE(c.regression());
  CompareOptions strict;
  strict.tolerance = 0.02;
  CHECK(compare_results(base, candidate, strict).regression());
}

TEST_CASE("compare judges the saturation point on the tolerance and names missing steps") {
  SyntheticOptions o;
  o.seconds = 600;
  o.capacity = true;
  o.rung_s = 60;
  Results base = synthetic_results(o);
  Results cand = base;
  cand.saturation->rate_per_s = 60;  // 80 -> 60: -25%
  cand.step_totals.pop_back();
  const Comparison c = compare_results(base, cand);
  REQUIRE(c.saturation);
  CHECK(c.saturation->change == Approx(-0.25));
  CHECK(c.saturation->regression);
  CHECK(c.regression());
  CHECK(c.only_in_baseline == std::vector<std::string>{"messages"});
}

TEST_CASE("compare with too few intervals does not call a regression") {
  const Comparison c = compare_results(run(1.0, 1, 5), run(2.0, 2, 5));
  CHECK_FALSE(c.regression());
  CHECK(metric(c, "grades", "p95_ms").note.find("not enough intervals") != std::string::npos);
}
