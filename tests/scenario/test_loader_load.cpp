// The loader reads load:, slo:, population: and a persona's arrival:, and
// checks objectives against the scenario's own steps and personas.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace rollcall::scenario;
using namespace rollcall::scenario::testing;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

namespace {

std::string with_top(const std::string& top) {
  return "target: http://127.0.0.1:8080/\n" + top +
         "personas:\n"
         "  student:\n"
         "    flow: [{get: /cas/login, name: login}]\n"
         "  parent:\n"
         "    arrival: {delay: 20m}\n"
         "    flow: [{get: /, name: home}]\n";
}

}  // namespace

TEST_CASE("loader: load, slo, population and arrival reach the scenario") {
  const auto s = valid(with_top("load: {rate: 20, duration: 2m, arrivals: poisson}\n"
                                "slo: [\"login.p95 < 800ms\", \"errors < 1%\"]\n"
                                "population: {student: 1200000, parent: {count: 300000, share: 0.5}}\n"));
  REQUIRE(s.load);
  REQUIRE(std::holds_alternative<ConstantLoad>(s.load->model));
  CHECK(std::get<ConstantLoad>(s.load->model).rate == 20);
  CHECK(s.load->arrivals == LoadSpec::Arrivals::poisson);
  CHECK(s.load->duration == std::chrono::nanoseconds(2min));
  REQUIRE(s.objectives.size() == 2);
  CHECK(s.objectives[0].step == "login");
  CHECK(s.objectives[0].threshold == 800'000);
  CHECK(s.objectives[1].metric == Objective::Metric::errors);
  REQUIRE(s.population);
  CHECK(s.population->groups.size() == 2);
  CHECK(s.population->groups[1].share == 0.5);
  REQUIRE(s.personas[1].arrival);
  CHECK(s.personas[1].arrival->delay == std::chrono::nanoseconds(20min));
  CHECK_FALSE(s.personas[0].arrival);
}

TEST_CASE("loader: objectives on steps the scenario does not have are refused at their place") {
  const auto lines = problems(with_top("slo: [\"logn.p95 < 800ms\"]\n"));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind("scenario.yaml:2:", 0) == 0);
  CHECK(lines[0].find("logn") != std::string::npos);
}

TEST_CASE("loader: contradictory load settings are refused") {
  const auto lines = problems(with_top("load: {rate: 20, vus: 10}\n"));
  REQUIRE(lines.size() >= 1);
  CHECK(lines[0].rfind("scenario.yaml:2:", 0) == 0);
}
