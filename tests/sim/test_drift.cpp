// --drift: the factor on service times, its syntax, and the capacity range it
// implies in --describe.
#include <algorithm>
#include <chrono>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "common/usage_error.hpp"
#include "sim/capacity.hpp"
#include "sim/config.hpp"
#include "sim/drift.hpp"

using namespace rollcall;
using namespace std::chrono_literals;
using sim::Endpoint;

namespace {

// The factor every 100 ms over `span`.
std::vector<double> curve(double drift, Duration period, std::uint64_t seed, Duration span) {
  std::vector<double> out;
  for (Duration t{}; t < span; t += 100ms) out.push_back(sim::drift_factor(drift, period, seed, t));
  return out;
}

}  // namespace

TEST_CASE("without drift the factor is exactly 1", "[sim][drift]") {
  for (Duration t : {Duration::zero(), Duration(1s), Duration(17s), Duration(1h)}) {
    CHECK(sim::drift_factor(0, 40s, 1, t) == 1.0);
    CHECK(sim::drift_factor(0, 40s, 7, t) == 1.0);
  }
  CHECK(sim::drifted(60ms, 1.0) == 60ms);
  CHECK(sim::drifted(100ms, 1.2) == 120ms);
}

TEST_CASE("the factor stays within [1 - PCT, 1 + PCT] and moves over that range", "[sim][drift]") {
  for (std::uint64_t seed : {1, 2, 3, 42, 123456789}) {
    for (double drift : {0.05, 0.2, 0.5}) {
      INFO("seed " << seed << ", drift " << drift);
      auto f = curve(drift, 40s, seed, 160s);  // four periods
      auto [low, high] = std::minmax_element(f.begin(), f.end());
      CHECK(*low >= 1 - drift - 1e-12);
      CHECK(*high <= 1 + drift + 1e-12);
      // It really moves: at least 60% of the range 2 * PCT, on both sides of 1.
      CHECK(*high - *low >= 0.6 * 2 * drift);
      CHECK(*low < 1);
      CHECK(*high > 1);
    }
  }
}

TEST_CASE("the factor moves smoothly, over tens of seconds", "[sim][drift]") {
  auto f = curve(0.2, 40s, 1, 120s);
  double steepest = 0;
  for (std::size_t i = 1; i < f.size(); ++i) steepest = std::max(steepest, std::abs(f[i] - f[i - 1]));
  // A swing of at most 2 * 0.2 over a half period (20 s) of cosine: at most
  // 0.4 * pi / 2 / 20 s = 0.0314/s, so 0.00314 per 100 ms.
  CHECK(steepest <= 0.0032);
  CHECK(steepest > 0);
}

TEST_CASE("the factor is the same for a seed and differs between seeds", "[sim][drift]") {
  CHECK(curve(0.2, 40s, 1, 120s) == curve(0.2, 40s, 1, 120s));
  CHECK(curve(0.2, 40s, 2, 120s) == curve(0.2, 40s, 2, 120s));
  CHECK(curve(0.2, 40s, 1, 120s) != curve(0.2, 40s, 2, 120s));
  CHECK(curve(0.2, 40s, 2, 120s) != curve(0.2, 40s, 3, 120s));
  // The period stretches the curve in time: the same knots, further apart.
  CHECK(sim::drift_factor(0.2, 40s, 5, 30s) == Approx(sim::drift_factor(0.2, 80s, 5, 60s)));
}

TEST_CASE("values of --drift", "[sim][drift]") {
  auto [share, period] = sim::parse_drift("20%");
  CHECK(share == Approx(0.2));
  CHECK(period == 40s);
  std::tie(share, period) = sim::parse_drift("12.5%@1m30s");
  CHECK(share == Approx(0.125));
  CHECK(period == 90s);
  CHECK(sim::parse_drift("0%").first == 0);
  for (const char* bad : {"20", "20%@", "20%@40", "-5%", "95%", "%", "", "x%", "20%@0s", "20%@2h", "20 %"}) {
    INFO(bad);
    CHECK_THROWS_AS(sim::parse_drift(bad), UsageError);
  }
  CHECK_THROWS_WITH(sim::parse_drift("20"), "invalid --drift '20': expected PCT% or PCT%@PERIOD, e.g. 20% or 20%@40s");

  sim::Config c;
  c.drift = 0.95;
  CHECK_THROWS_WITH(sim::validate(c), "--drift must be between 0% and 90% (got 95%)");
  c.drift = 0.2;
  c.drift_period = 500ms;
  CHECK_THROWS_WITH(sim::validate(c), "the period of --drift must be between 1s and 1h");
}

TEST_CASE("describe states the capacity range a drift implies", "[sim][drift][capacity]") {
  sim::Config config;
  config.workers = 6;
  config.service_time.fill(Duration::zero());
  config.service_time[static_cast<std::size_t>(Endpoint::login_post)] = 100ms;
  config.service_time[static_cast<std::size_t>(Endpoint::portal)] = 100ms;

  SECTION("without drift the range is one point") {
    auto cap = sim::describe_capacity(config);
    const auto* student = cap.journey("student");
    REQUIRE(student);
    CHECK(*student->max_journeys_per_s == Approx(30.0));
    CHECK(*student->min_journeys_per_s == Approx(30.0));
    CHECK(*student->peak_journeys_per_s == Approx(30.0));
    CHECK(sim::format_capacity(cap).find("Drift") == std::string::npos);
  }

  SECTION("C_min = W / (T (1 + PCT)), C_max = W / (T (1 - PCT)), per journey and for the mix") {
    config.drift = 0.2;
    auto cap = sim::describe_capacity(config);
    for (const char* name : {"student", "parent", "teacher", "morning-rush"}) {
      INFO(name);
      const auto* j = cap.journey(name);
      REQUIRE(j);
      CHECK(*j->max_journeys_per_s == Approx(6 / (std::chrono::duration<double>(j->service_time).count())));
      CHECK(*j->min_journeys_per_s == Approx(*j->max_journeys_per_s / 1.2));
      CHECK(*j->peak_journeys_per_s == Approx(*j->max_journeys_per_s / 0.8));
    }
    CHECK(*cap.journey("student")->min_journeys_per_s == Approx(25.0));
    CHECK(*cap.journey("student")->peak_journeys_per_s == Approx(37.5));

    auto table = sim::format_capacity(cap);
    CHECK(table.find("min/s") != std::string::npos);
    CHECK(table.find("peak/s") != std::string::npos);
    CHECK(table.find("Drift: service times x 0.8 to 1.2, swinging once per 40s (seed 1)") != std::string::npos);

    auto doc = boost::json::parse(sim::capacity_json(cap)).as_object();
    CHECK(doc.at("drift").to_number<double>() == Approx(0.2));
    CHECK(doc.at("drift_period_s").to_number<double>() == Approx(40.0));
    const auto& student = doc.at("journeys").as_array().at(0).as_object();
    CHECK(student.at("name").as_string() == "student");
    CHECK(student.at("max_journeys_per_s").to_number<double>() == Approx(30.0));
    CHECK(student.at("min_journeys_per_s").to_number<double>() == Approx(25.0));
    CHECK(student.at("peak_journeys_per_s").to_number<double>() == Approx(37.5));
  }
}
