// A run's results directory survives the run being killed: the stream holds
// every interval that ended, and `rollcall report` rebuilds the report from
// it alone. Exit codes say how the run ended.
#include <csignal>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"
#include "support/stub_server.hpp"

using namespace rollcall;
using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

std::size_t lines_of_type(const std::string& stream, const std::string& type) {
  std::size_t n = 0, at = 0;
  const std::string key = "\"type\":\"" + type + "\"";
  while ((at = stream.find(key, at)) != std::string::npos) {
    ++n;
    at += key.size();
  }
  return n;
}

}  // namespace

TEST_CASE("a killed run keeps every finished interval and rollcall report rebuilds its report") {
  sim::Config c;
  c.port = 0;
  sim::Simulator ent(c);
  ent.start();
  const std::string dir = test_dir("killed-run") + "/results";
  std::size_t seen_before_kill = 0;
  {
    BackgroundProcess run({ROLLCALL_BINARY, "run", scenario_path("student.yaml"), "--target", ent.url(), "--rate", "5", "-d",
                           "30s", "-q", "--out", dir});
    // Killed once two intervals are in the stream, however long the run
    // took to start.
    const auto start = std::chrono::steady_clock::now();
    while (lines_of_type(read_file(dir + "/results.jsonl"), "interval") < 2 &&
           std::chrono::steady_clock::now() - start < 25s)
      std::this_thread::sleep_for(50ms);
    seen_before_kill = lines_of_type(read_file(dir + "/results.jsonl"), "interval");
    run.stop(SIGKILL);  // no chance to write anything more
  }
  const std::string stream = read_file(dir + "/results.jsonl");
  REQUIRE(!stream.empty());
  CHECK(lines_of_type(stream, "run") == 1);
  const std::size_t intervals = lines_of_type(stream, "interval");
  // What was written stays; at most one more interval can end between the
  // last look and the kill.
  CHECK(seen_before_kill >= 2);
  CHECK(intervals >= seen_before_kill);
  CHECK(intervals <= seen_before_kill + 1);
  CHECK(lines_of_type(stream, "end") == 0);
  CHECK_FALSE(std::filesystem::exists(dir + "/report.html"));

  const auto report = run_rollcall({"report", dir, "--lang", "en"});
  INFO(report.out << report.err);
  CHECK(report.exit_code == 3);  // the run did not end: aborted
  const std::string html = read_file(dir + "/report.html");
  CHECK(html.find("<svg") != std::string::npos);
  const std::string summary = read_file(dir + "/summary.json");
  const auto json = boost::json::parse(summary).as_object();
  CHECK(json.at("schema").as_string() == "rollcall.summary/1");
  // Every interval of the stream is in the rebuilt summary's totals.
  CHECK(summary.find("\"login\"") != std::string::npos);
  const std::string junit = read_file(dir + "/junit.xml");
  CHECK(junit.find("<testsuites") != std::string::npos);
}

TEST_CASE("a finished run writes every output and says where") {
  sim::Config c;
  c.port = 0;
  sim::Simulator ent(c);
  ent.start();
  auto run = run_scenario("results-outputs", scenario_path("student.yaml"), {"--target", ent.url(), "--rate", "5", "-d", "2s", "-q"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  const std::string dir = (std::filesystem::current_path() / "test-output" / "run-results-outputs" / "results").string();
  for (const char* name : {"results.jsonl", "summary.json", "latency.hlog", "junit.xml", "report.html"})
    CHECK(std::filesystem::file_size(dir + "/" + name) > 0);
  CHECK(run.process.out.find("results      " + dir) != std::string::npos);
  const std::string stream = read_file(dir + "/results.jsonl");
  CHECK(lines_of_type(stream, "end") == 1);
  CHECK(lines_of_type(stream, "interval") >= 2);
  // The hlog is HdrHistogram's: a header, then one tagged line per step and interval.
  const std::string hlog = read_file(dir + "/latency.hlog");
  CHECK(hlog.find("#[StartTime:") != std::string::npos);
  CHECK(hlog.find("Tag=login,") != std::string::npos);
}

TEST_CASE("a results directory that already holds a run is refused, exit 2") {
  StubServer target;
  const std::string dir = test_dir("results-taken");
  write_file(dir, "results.jsonl", "{}\n");
  const auto r = run_rollcall({"run", scenario_path("student.yaml"), "--target", target.url(), "--rate", "1", "-d", "1s", "--out", dir});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("already holds the results of a run") != std::string::npos);
}

namespace {

// Journeys of one light request: even the sanitized generator stays healthy.
std::string login_page_scenario(const std::string& name, const std::string& url) {
  return write_file(test_dir(name), "scenario.yaml",
                    "target: " + url + "\n"
                    "personas:\n"
                    "  student: {flow: [{get: /cas/login, name: login-page}]}\n");
}

}  // namespace

TEST_CASE("objectives are the thresholds: exit 0 when met, 1 when one fails, each a JUnit case") {
  sim::Config c;
  c.port = 0;
  c.service_time[static_cast<std::size_t>(sim::Endpoint::login_form)] = std::chrono::milliseconds(150);
  sim::Simulator ent(c);
  ent.start();
  // One light request per journey, and a login page far slower than the
  // objective: even if the sanitized generator lags for a second, 150 ms
  // against 10 ms is the target's failure (exit 1), not an invalid result.
  const std::string file = login_page_scenario("objectives-scenario", ent.url());
  auto met = run_scenario("objectives-met", file, {"--rate", "5", "-d", "2s", "-q", "--slo", "errors < 1%", "--slo", "login-page.p95 < 5s"});
  INFO(met.process.out << met.process.err);
  CHECK(met.process.exit_code == 0);
  CHECK(met.process.out.find("ok   errors") != std::string::npos);

  auto failed = run_scenario("objectives-failed", file, {"--rate", "5", "-d", "2s", "-q", "--slo", "login-page.p95 < 10ms"});
  INFO(failed.process.out << failed.process.err);
  CHECK(failed.process.exit_code == 1);
  CHECK(failed.process.out.find("FAIL login-page p95") != std::string::npos);
  const auto junit = read_file((std::filesystem::current_path() / "test-output" / "run-objectives-failed" / "results" / "junit.xml").string());
  CHECK(junit.find("<failure") != std::string::npos);
  CHECK(junit.find("login-page.p95 &lt; 10ms") != std::string::npos);

  // An objective on a step the scenario does not have: exit 2, before any request.
  const auto unknown = run_rollcall({"run", scenario_path("student.yaml"), "--target", ent.url(), "--slo", "logn.p95 < 1s"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no step 'logn'") != std::string::npos);

  // Every persona of the morning rush logs in: "student:login" cannot be
  // told apart from the parents' and teachers' logins, and saying nothing
  // would leave an objective that never has data.
  const auto served = ent.stats().requests;
  const auto shared = run_rollcall({"run", scenario_path("morning-rush.yaml"), "--target", ent.url(), "--slo",
                                    "student:login.p95 < 1s"});
  CHECK(shared.exit_code == 2);
  CHECK(shared.err.find("step 'login' is also in the flow of 'parent', 'teacher'") != std::string::npos);
  CHECK(ent.stats().requests == served);
}

TEST_CASE("a persona's errors are counted by class and judged by persona objectives") {
  sim::Config c;
  c.port = 0;
  c.faults.push_back(sim::parse_fault("status:503"));  // every answer a 503
  sim::Simulator ent(c);
  ent.start();
  const std::string file = login_page_scenario("persona-errors-scenario", ent.url());
  // Ten seconds: a ratio that fails while more than a tenth of the seconds
  // had a late generator is called the generator's (exit 4), and a
  // sanitized build's first second can be late on a busy machine.
  auto run = run_scenario("persona-errors", file, {"--rate", "5", "-d", "10s", "-q", "--slo", "student:errors < 1%"});
  INFO(run.process.out << run.process.err);
  CHECK(run.process.exit_code == 1);
  CHECK(run.process.out.find("FAIL student: errors 100%") != std::string::npos);
  const std::string dir = (std::filesystem::current_path() / "test-output" / "run-persona-errors" / "results").string();
  const auto summary = boost::json::parse(read_file(dir + "/summary.json")).as_object();
  const auto& persona = summary.at("personas").as_array().at(0).as_object();
  const auto& failures = persona.at("failures").as_object();
  REQUIRE(failures.contains("http_5xx"));
  CHECK(failures.at("http_5xx").to_number<double>() == persona.at("started").to_number<double>());
}
