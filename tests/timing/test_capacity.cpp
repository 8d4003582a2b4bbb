// `rollcall capacity` against the built-in ENT, whose capacity is known by
// construction (sim::describe_capacity): the search must find it from
// below, tell a target that stays down after an overload (metastable), and
// refuse bad input before its first request.
#include <catch2/catch.hpp>

#include "common/rlimit.hpp"
#include "integration/run_helpers.hpp"
#include "sim/capacity.hpp"
#include "sim/fault.hpp"
#include "sim/simulator.hpp"
#include "support/stub_server.hpp"

using namespace rollcall;
using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

struct CapacityRun {
  ProcessResult process;
  std::string results;  // the results directory
  boost::json::object saturation;
};

CapacityRun capacity(const std::string& name, const std::string& file, std::vector<std::string> args) {
  const std::string dir = test_dir("capacity-json-" + name);
  const std::string json_file = dir + "/result.json";
  std::vector<std::string> argv{"capacity", file, "--json", json_file, "-t", "1", "--out", dir + "/results"};
  argv.insert(argv.end(), args.begin(), args.end());
  CapacityRun run;
  run.results = dir + "/results";
  run.process = run_rollcall(argv, std::chrono::seconds(240));
  const std::string text = read_file(json_file);
  if (!text.empty()) run.saturation = boost::json::parse(text).as_object().at("saturation").as_object();
  return run;
}

// One request per journey: the login page, whose service time sets the
// capacity (workers / service time journeys/s).
std::string login_page_scenario(const std::string& dir, const std::string& target, const std::string& on_failure,
                                const std::string& timeout = "10s") {
  return write_file(dir, "scenario.yaml",
                    "target: " + target + "\n"
                    "defaults: {timeout: " + timeout + "}\n"
                    "admission:\n"
                    "  rejected:\n"
                    "    when: {header: {X-ENT-Admission: quota}}\n"
                    "personas:\n"
                    "  student:\n"
                    "    flow:\n"
                    "      - get: /cas/login\n"
                    "        name: login-page\n"
                    "        expect: {status: 200}\n" +
                        (on_failure.empty() ? "" : "    on_failure: " + on_failure + "\n"));
}

sim::Config small_ent(std::size_t workers, std::size_t queue, std::chrono::milliseconds service) {
  sim::Config c;
  c.port = 0;
  c.workers = workers;
  c.queue = queue;
  c.service_time[static_cast<std::size_t>(sim::Endpoint::login_form)] = service;
  return c;
}

double capacity_of(const sim::Config& c) {
  return *sim::describe_capacity(c).endpoint(sim::Endpoint::login_form).max_requests_per_s;
}

}  // namespace

// Evenly spaced arrivals: a 100 ms login on 3 workers answers within 160 ms
// up to close to 30/s. The staircase starts at 11/s so that no step lands
// on 30/s itself, where the queue is a random walk and the verdict a coin
// toss that sends the search down its staircase again. (Poisson arrivals queue long before that: the
// objective would break near 14/s, which is the point of the default, and
// the accuracy benchmark's business, bench/capacity-accuracy.sh.)
TEST_CASE("the search finds a known saturation point from below within 10 percent") {
  const sim::Config config = small_ent(3, 6, 100ms);
  const double c = capacity_of(config);  // 30 journeys/s
  sim::Simulator ent(config);
  ent.start();
  const std::string dir = test_dir("capacity-known");
  const auto file = login_page_scenario(dir, ent.url(), "");
  auto run = capacity("known", file,
                      {"--start-rate", "11", "--growth", "2", "--hold", "4s", "--transient", "1s", "--warmup", "0",
                       "--no-recovery-check", "--tail-samples", "5", "--arrivals", "uniform", "--slo",
                       "login-page.p95 < 160ms", "--slo", "rejected < 1%", "-q"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  const auto& s = run.saturation;
  CHECK(s.at("kind").as_string() == "saturated");
  const double found = number(s.at("rate_per_s"));
  CHECK(found >= 0.9 * c);
  // Evenly spaced arrivals into three fixed 100 ms services keep up right
  // to 30/s: a step at 30.03/s (one resolution above a pass at 28.6/s)
  // piles up less than one login over its 14 s. Within 0.5% of the bound
  // is at the bound.
  CHECK(found <= c * 1.005);
  CHECK(s.at("limiting_step").as_string().size() > 0);
  CHECK(s.at("steps").as_array().size() >= 4);
  // A bound against a search that never ends, not a speed test: eight steps
  // of 9-13 s here, the slower CI machine takes half as long again.
  CHECK(number(s.at("duration_s")) < 180);
  // Each judged stretch holds the 100 samples a p95 needs with --tail-samples 5:
  // 9 s at 11/s, the 3 s of --hold minus --transient at 44/s.
  for (const auto& step : s.at("steps").as_array()) {
    const auto& o = step.as_object();
    if (o.at("verdict").as_string() != "pass") continue;
    CHECK(number(o.at("measurement").as_object().at("seconds")) * number(o.at("offered_per_s")) >= 95);
  }
  const auto& interval = s.at("interval").as_array();
  CHECK(number(interval[0]) == found);
  CHECK(number(interval[1]) > found);
  CHECK(number(interval[1]) <= found * 1.05 + 1e-9);
  // The human summary says it in words too.
  CHECK(run.process.out.find("Saturation point:") != std::string::npos);
  // The results directory holds the search: its steps and its verdict.
  const std::string stream = read_file(run.results + "/results.jsonl");
  CHECK(stream.find("\"type\":\"capacity_step\"") != std::string::npos);
  CHECK(stream.find("\"type\":\"saturation\"") != std::string::npos);
  const std::string summary = read_file(run.results + "/summary.json");
  CHECK(summary.find("\"saturation\"") != std::string::npos);
  const std::string junit = read_file(run.results + "/junit.xml");
  CHECK(junit.find("name=\"login-page.p95 &lt; 160ms\"") != std::string::npos);
  CHECK(read_file(run.results + "/report.html").find("<svg") != std::string::npos);
}

TEST_CASE("a retry storm that keeps a small ENT down at half load is reported as metastable") {
  // 40 journeys/s, and a deep queue: once the overload has filled it, a
  // request waits 2.5 s for a worker, longer than users wait for an answer
  // (500 ms). They try again, the ENT still serves the requests they gave
  // up on, and at half the load the queue never drains: the goodput
  // collapse of a metastable failure (Bronson et al., HotOS 2021). Evenly
  // spaced arrivals, so that the storm starts with the overload (the
  // staircase's 90/s), not by chance in a Poisson burst of an earlier step.
  // The staircase starts at 30/s: a first step at 10/s only spent 44 s
  // gathering the samples its verdict needs, far below the ENT's 40/s.
  const sim::Config config = small_ent(2, 100, 50ms);
  sim::Simulator ent(config);
  ent.start();
  const std::string dir = test_dir("capacity-metastable");
  const auto file = login_page_scenario(dir, ent.url(), "{retry: {times: 10, after: 100ms}}", "500ms");
  auto run = capacity("metastable", file,
                      {"--start-rate", "30", "--growth", "3", "--hold", "4s", "--transient", "1s", "--warmup", "0",
                       "--resolution", "20%", "--recovery-hold", "8s", "--recovery-window", "2s", "--arrivals", "uniform",
                       "-q"});
  INFO(run.process.out << run.process.err);
  CHECK(run.process.exit_code == 1);  // a metastable target fails its objectives at a load it carries
  const auto& recovery = run.saturation.at("recovery").as_object();
  CHECK(recovery.at("checked").as_bool());
  CHECK_FALSE(recovery.at("recovered").as_bool());
  CHECK(recovery.at("metastable").as_bool());
  CHECK(recovery.at("retrying_personas").as_bool());
  CHECK(run.process.out.find("metastable failure") != std::string::npos);
  CHECK(run.process.out.find("retry storm") != std::string::npos);
}

TEST_CASE("a generator that cannot keep up says generator-limited, exit 4, not a saturation point") {
  // A large ENT (64 workers, 1 ms) and one generator thread asked for more
  // journeys per second than one thread can send. The simulator runs in
  // this process: it gets every descriptor the system allows, as rollcall
  // sim does, or the starved generator's pile of connections exhausts the
  // default 1,024 and the sanitizers fail on the simulator instead.
  rollcall::raise_descriptor_limit();
  const sim::Config config = small_ent(64, 1000, 1ms);
  sim::Simulator ent(config);
  ent.start();
  const std::string dir = test_dir("capacity-starved");
  const auto file = login_page_scenario(dir, ent.url(), "");
  auto run = capacity("starved", file,
                      {"--start-rate", "6000", "--hold", "4s", "--transient", "1s", "--warmup", "0", "--no-recovery-check",
                       "--slo", "login-page.p95 < 1s", "-q"});
  INFO(run.process.out << run.process.err);
  CHECK(run.process.exit_code == 4);
  CHECK(run.saturation.at("kind").as_string() == "generator_limited");
  CHECK(run.process.out.find("enerator-limited") != std::string::npos);
}

TEST_CASE("a target that fails 30% of its logins never passes a step, even judged on a loose latency objective") {
  // No journey can complete: an objective on journeys alone would read the
  // percentile of an empty set. Failed journeys count at the time they
  // took, and the errors, rejected and achieved guards stay beside the
  // user's only objective.
  sim::Config config = small_ent(8, 64, 5ms);
  config.faults.push_back(sim::parse_fault("status:502@30%"));
  sim::Simulator ent(config);
  ent.start();
  const std::string dir = test_dir("capacity-502");
  const auto file = login_page_scenario(dir, ent.url(), "");
  auto run = capacity("502", file,
                      {"--start-rate", "10", "--hold", "3s", "--transient", "1s", "--warmup", "0", "--no-recovery-check",
                       "--cooldown", "0s", "--slo", "p95 < 60s", "-q"});
  INFO(run.process.out << run.process.err);
  CHECK(run.process.exit_code == 1);
  CHECK(run.saturation.at("kind").as_string() == "below_start");
  const auto& steps = run.saturation.at("steps").as_array();
  REQUIRE(steps.size() >= 2);
  for (const auto& step : steps) CHECK(step.at("verdict").as_string() != "pass");
  // It went down looking for a rate that passes, each step lower than the last.
  CHECK(number(steps[steps.size() - 1].at("offered_per_s")) < number(steps[0].at("offered_per_s")));
  // Every objective that was judged is listed: the user's and the guards.
  std::vector<std::string> judged;
  for (const auto& o : run.saturation.at("objectives").as_array()) judged.emplace_back(o.as_string());
  CHECK(judged == std::vector<std::string>{"p95 < 60s", "errors < 1%", "rejected < 5%", "achieved >= 95% of offered"});
  CHECK(run.saturation.at("limiting_step").as_string() == "errors");
}

TEST_CASE("contradictory settings and objectives on unknown steps exit 2 before any request") {
  StubServer stub;
  stub.set_response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  const std::string dir = test_dir("capacity-bad-input");
  const auto file = login_page_scenario(dir, stub.url(), "");
  const std::vector<std::vector<std::string>> bad{
      {"--slo", "logni-page.p95 < 1s"},
      {"--slo", "teacher:login-page.p95 < 1s"},
      {"--slo", "login-page.p95 <"},
      {"--hold", "5s", "--transient", "5s"},
      {"--start-rate", "100", "--max-rate", "50"},
      {"--growth", "1"},
      {"--resolution", "0%"},
      {"--recovery-hold", "5s", "--recovery-window", "10s"},
      {"--population", "students"},
      {"--arrivals", "bursty"},
      {"--no-guard", "latency"},
      {"--max-extension", "0.5"},
      {"--max-step", "0s"},
      {"--max-step", "soon"},
  };
  for (const auto& args : bad) {
    std::vector<std::string> argv{"capacity", file};
    argv.insert(argv.end(), args.begin(), args.end());
    auto run = run_rollcall(argv);
    INFO(args.front() << " " << args.back() << ": " << run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("rollcall: error:") != std::string::npos);
  }
  CHECK(stub.requests() == 0);
}
