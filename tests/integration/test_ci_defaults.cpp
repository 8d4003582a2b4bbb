// Safe defaults for CI: a run with no objective judges the default guard
// (errors < 1%) and says so; an objective with abort_on_fail ends a failing
// run early, exit 1, with every result written.
#include <filesystem>

#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "support/stub_server.hpp"

using namespace rollcall::test;

namespace {

const std::string failing_answer =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nbusy";

std::string page_scenario(const std::string& dir, const std::string& url, const std::string& slo) {
  return write_file(dir, "scenario.yaml",
                    "target: " + url + "\n" + slo +
                        "personas:\n"
                        "  user:\n"
                        "    flow:\n"
                        "      - get: /page\n"
                        "        name: page\n");
}

}  // namespace

TEST_CASE("ci defaults: a run with no objective judges errors < 1% and says so; --no-default-slo judges nothing") {
  StubServer server;
  server.set_response(failing_answer);
  const std::string name = "ci-default-guard";
  const auto file = page_scenario(test_dir(name), server.url("/"), "");
  auto run = run_scenario(name, file, {"--rate", "20", "-d", "2s", "-q"});
  INFO(run.process.out << run.process.err);
  CHECK(run.process.exit_code == 1);
  CHECK(has(run.process.out, "FAIL errors"));
  CHECK(has(run.process.out, "the default guard: no objective was given"));
  const auto summary = read_json(results_of(name) + "/summary.json");
  const auto& objectives = summary.at("objectives").as_array();
  REQUIRE(objectives.size() == 1);
  CHECK(objectives[0].as_object().at("name").as_string() == "errors < 1%");
  CHECK(objectives[0].as_object().at("default").as_bool());
  CHECK_FALSE(objectives[0].as_object().at("passed").as_bool());
  CHECK(summary.at("aborted").is_null());

  auto opted_out = run_scenario(name, file, {"--rate", "20", "-d", "2s", "-q", "--no-default-slo"});
  INFO(opted_out.process.out << opted_out.process.err);
  CHECK(opted_out.process.exit_code == 0);
  CHECK_FALSE(has(opted_out.process.out, "objectives"));
}

TEST_CASE("ci defaults: abort_on_fail ends a failing run after its delay, exit 1, results written") {
  StubServer server;
  server.set_response(failing_answer);
  const std::string name = "ci-abort";
  const auto file = page_scenario(test_dir(name), server.url("/"),
                                  "slo:\n  - page.p95 < 2s\n"
                                  "  - {objective: errors < 5%, abort_on_fail: true, delay: 2s}\n");
  auto run = run_scenario(name, file, {"--rate", "50", "-d", "60s", "-q"});
  INFO(run.process.out << run.process.err);
  CHECK(run.process.exit_code == 1);
  CHECK(run.process.wall_s < 15);  // not the 60 s asked for
  CHECK(has(run.process.out, "objective 'errors < 5%' failed (abort_on_fail)"));
  const std::string results = results_of(name);
  const auto summary = read_json(results + "/summary.json");
  REQUIRE(summary.at("aborted").is_object());
  const auto& aborted = summary.at("aborted").as_object();
  CHECK(aborted.at("objective").as_string() == "errors < 5%");
  const double after = number(aborted.at("after_s"));
  CHECK(after >= 2);
  CHECK(after <= 6);
  CHECK(number(summary.at("duration_s")) < 10);
  CHECK(std::filesystem::exists(results + "/report.html"));
  CHECK(std::filesystem::exists(results + "/junit.xml"));
  // The run's JSON says the same of its shortened length.
  CHECK(number(run.json.at("duration_s")) < 10);
}

TEST_CASE("ci defaults: --abort-on-fail makes the default guard end the run too") {
  StubServer server;
  server.set_response(failing_answer);
  const std::string name = "ci-abort-flag";
  const auto file = page_scenario(test_dir(name), server.url("/"), "");
  auto run = run_scenario(name, file, {"--rate", "50", "-d", "60s", "-q", "--abort-on-fail", "--abort-delay", "1s"});
  INFO(run.process.out << run.process.err);
  CHECK(run.process.exit_code == 1);
  CHECK(run.process.wall_s < 15);
  CHECK(has(run.process.out, "objective 'errors < 1%' failed (abort_on_fail)"));
}

TEST_CASE("ci defaults: a healthy run under an abort_on_fail objective goes to its end") {
  StubServer server;  // answers 200 ok
  const std::string name = "ci-abort-healthy";
  const auto file = page_scenario(test_dir(name), server.url("/"),
                                  "slo:\n  - {objective: errors < 5%, abort_on_fail: true, delay: 1s}\n");
  auto run = run_scenario(name, file, {"--rate", "50", "-d", "3s", "-q"});
  INFO(run.process.out << run.process.err);
  CHECK(run.process.exit_code == 0);
  const auto summary = read_json(results_of(name) + "/summary.json");
  CHECK(summary.at("aborted").is_null());
  CHECK(number(summary.at("duration_s")) == Approx(3).margin(0.5));
}
