// rollcall run plays the scenario's load model: how many journeys start,
// when, for whom, and under which cap.
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

sim::Config health_ent() {
  sim::Config c;
  c.port = 0;
  c.workers = 64;
  return c;
}

std::string scenario_with(const std::string& dir, const std::string& url, const std::string& load) {
  return write_file(dir, "scenario.yaml",
                    "target: " + url + "\n" + load +
                        "personas:\n"
                        "  student: {weight: 3, flow: [{get: /health, name: health}]}\n"
                        "  parent:\n"
                        "    weight: 1\n"
                        "    arrival: {delay: 2s}\n"
                        "    flow: [{get: /health, name: parent-health}]\n");
}

std::vector<double> arrivals_per_second(const ScenarioRun& run) {
  std::vector<double> out;
  for (const auto& t : run.json.at("timeline").as_array()) out.push_back(number(t.as_object().at("arrivals")));
  return out;
}

}  // namespace

TEST_CASE("a ramp starts the journeys its curve integrates to, second by second") {
  sim::Simulator ent(health_ent());
  ent.start();
  const std::string dir = test_dir("load-ramp");
  const auto file = scenario_with(dir, ent.url(), "load: {from: 0, to: 40, over: 4s}\n");
  auto run = run_scenario("load-ramp", file, {"-q"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  // 0 -> 40/s over 4 s: 80 arrivals, 3/4 of them pupils (60). The parents'
  // quarter (0 -> 10/s) starts 2 s late and the run still ends at 4 s: only
  // its first 2 s fit, 5 arrivals.
  CHECK(run.total("journeys_started") == 65);
  CHECK(number(run.persona("student").at("started")) == 60);
  CHECK(number(run.persona("parent").at("started")) == 5);
  const auto per_second = arrivals_per_second(run);
  REQUIRE(per_second.size() >= 4);
  CHECK(per_second[0] < per_second[3]);  // the ramp climbs
  CHECK(run.json.at("mode").as_string() == "open");
}

TEST_CASE("a max rate caps any load model, and segments split a run exactly") {
  sim::Simulator ent(health_ent());
  ent.start();
  const std::string dir = test_dir("load-cap");
  const auto file = scenario_with(dir, ent.url(), "load: {rate: 40, duration: 3s}\n");
  // 40/s for 3 s: pupils 30/s (90), parents 10/s from 2 s (10): 100.
  // Capped at 10/s, each persona keeps its part of the cap (7.5 and 2.5/s).
  auto capped = run_scenario("load-cap", file, {"-q", "--max-rate", "10"});
  INFO(capped.process.out << capped.process.err);
  CHECK(capped.total("journeys_started") <= 26);
  CHECK(capped.total("journeys_started") >= 24);
  for (double a : arrivals_per_second(capped)) CHECK(a <= 11);

  auto whole = run_scenario("load-whole", file, {"-q"});
  auto first = run_scenario("load-first", file, {"-q", "--segment", "1/3"});
  auto second = run_scenario("load-second", file, {"-q", "--segment", "2/3"});
  auto third = run_scenario("load-third", file, {"-q", "--segment", "3/3"});
  CHECK(whole.total("journeys_started") == 100);
  CHECK(first.total("journeys_started") + second.total("journeys_started") + third.total("journeys_started") == 100);
  CHECK(first.total("journeys_started") >= 32);
  CHECK(first.total("journeys_started") <= 35);
}

TEST_CASE("a closed ramp of users brings them in over time") {
  sim::Simulator ent(health_ent());
  ent.start();
  const std::string dir = test_dir("load-ramp-vus");
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + ent.url() + "\n"
                               "load: {model: ramp_vus, stages: [{to: 6, over: 3s}, {hold: 1s}]}\n"
                               "personas:\n"
                               "  student: {flow: [{get: /health, name: health}, {think: 200ms}]}\n");
  auto run = run_scenario("load-ramp-vus", file, {"-q"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(run.json.at("mode").as_string() == "closed");
  CHECK(number(run.json.at("vus")) == 6);
  CHECK(number(run.json.at("generator").as_object().at("peak_users")) == 6);
  const auto per_second = arrivals_per_second(run);
  REQUIRE(per_second.size() >= 4);
  // A user loops every ~200 ms: the first second has few users, the last all six.
  CHECK(per_second[0] < per_second[3]);
}

TEST_CASE("bad load settings on the command line are one-line errors, exit 2") {
  const std::string dir = test_dir("load-bad");
  const auto file = scenario_with(dir, "http://127.0.0.1:9", "load: {rate: 5}\n");
  CHECK(run_rollcall({"run", file, "--segment", "3/2"}).exit_code == 2);
  CHECK(run_rollcall({"run", file, "--max-rate", "fast"}).exit_code == 2);
  CHECK(run_rollcall({"run", file, "--time-scale", "0:3"}).exit_code == 2);
  const auto bad = run_rollcall({"run", file, "--segment", "0/2"});
  CHECK(bad.err.find("--segment 0/2") != std::string::npos);
  const auto arrivals = run_rollcall({"run", file, "--arrivals", "bursty"});
  CHECK(arrivals.exit_code == 2);
  CHECK(arrivals.err.find("--arrivals 'bursty'") != std::string::npos);
  CHECK(run_rollcall({"run", file, "--vus", "2", "--arrivals", "poisson"}).exit_code == 2);
}

TEST_CASE("Poisson arrivals (--arrivals poisson): as independent people arrive, reproducible from the seed") {
  sim::Simulator ent(health_ent());
  ent.start();
  const std::string dir = test_dir("load-arrivals");
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + ent.url() + "\npersonas:\n  student: {flow: [{get: /health, name: health}]}\n");
  auto per_second = [&](const std::string& name, const std::string& arrivals, const std::string& seed) {
    auto run = run_scenario(name, file, {"--rate", "40", "-d", "4s", "--arrivals", arrivals, "--seed", seed, "-q"});
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    auto seconds = arrivals_per_second(run);
    seconds.resize(4);
    return seconds;
  };
  // Evenly spaced: 40 a second, give or take the one on an interval's
  // boundary. Poisson: a count of standard deviation sqrt(40) = 6.3 each
  // second; all four within 1 of 40 has a chance of about 0.19^4 = 0.1%.
  auto spread = [](const std::vector<double>& seconds) {
    double most = 0;
    for (double n : seconds) most = std::max(most, std::abs(n - 40));
    return most;
  };
  const auto uniform = per_second("load-uniform", "uniform", "1");
  CHECK(spread(uniform) <= 1);
  const auto poisson = per_second("load-poisson-1", "poisson", "1");
  CHECK(spread(poisson) > 1);
  double total = 0;
  for (double n : poisson) total += n;
  CHECK(total > 160 - 4 * std::sqrt(160.0));
  CHECK(total < 160 + 4 * std::sqrt(160.0));
  CHECK(per_second("load-poisson-1b", "poisson", "1") == poisson);  // the seed decides every arrival
  CHECK(per_second("load-poisson-2", "poisson", "2") != poisson);
}

// A flow that opens with a think time: the user reads before the first
// click. The think is the user's, not the generator's: the start lag stays
// the generator's wake-up lateness and the first request's latency starts
// after the think, not 1 s before it.
TEST_CASE("a leading think time is neither start lag nor the first request's latency") {
  sim::Simulator ent(health_ent());
  ent.start();
  const std::string dir = test_dir("load-leading-think");
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + ent.url() + "\n"
                               "personas:\n"
                               "  student:\n"
                               "    flow:\n"
                               "      - think: 1s\n"
                               "      - get: /health\n"
                               "        name: health\n");
  auto run = run_scenario("load-leading-think", file, {"--rate", "10", "-d", "2s", "-q", "--grace", "5s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  REQUIRE(run.total("journeys_started") == 20);
  const auto& health = run.step("health");
  REQUIRE(!health.empty());
  CHECK(number(health.at("count")) == 20);
  // The simulator's /health answers in well under 100 ms; counted from the
  // journey's start it would be over 1,000 ms.
  CHECK(field(health, "latency_ms", "p95") < 300);
  CHECK(field(run.json, "generator", "start_lag_ms_p99") < 300);
  // The journey's time still counts the think: the user waited for it.
  CHECK(field(run.persona("student"), "journey_ms", "p50") >= 1000);
}
