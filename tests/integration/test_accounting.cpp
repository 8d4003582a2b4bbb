// Every request attempt ends in exactly one outcome (docs/results-format.md
// "Accounting"): attempts that failed before sending are counted as such,
// a request sent again on a new connection is counted once with its
// resend said apart, and summary.json's accounting line balances.
#include <filesystem>

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "support/stub_server.hpp"

using namespace rollcall::test;
using namespace std::chrono_literals;

TEST_CASE("accounting: a step that fails before sending counts as an attempt, not as a request") {
  StubServer server;
  const std::string dir = test_dir("accounting-not-sent");
  const auto file = write_file(dir, "s.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /page
        name: page
        expect: {status: 200}
      - submit_form:
          form: "#login"
          fields: {username: someone}
        name: login
)");
  auto run = run_scenario("accounting-not-sent", file, {"--no-default-slo", "--target", server.url("/"), "--vus", "2", "-t", "1", "-d", "2s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  const auto& login = run.step("login");
  CHECK(number(login.at("errors")) == number(login.at("count")));
  CHECK(boost::json::serialize(login.at("messages")).find("no form '#login'") != std::string::npos);
  const auto& a = run.json.at("accounting").as_object();
  // One request per journey (the page), one attempt that never left (the form).
  CHECK(number(a.at("not_sent")) == number(login.at("count")));
  CHECK(number(a.at("requests")) == number(run.step("page").at("count")));
  CHECK(number(a.at("requests")) == static_cast<double>(server.requests()));
  CHECK(number(a.at("attempts")) == number(a.at("requests")) + number(a.at("not_sent")));
  CHECK(number(a.at("difference")) == 0);
  const auto summary = boost::json::parse(read_file(
      (std::filesystem::current_path() / "test-output" / "run-accounting-not-sent" / "results" / "summary.json").string()));
  const auto& s = summary.at("accounting").as_object();
  CHECK(number(s.at("attempts")) == number(a.at("attempts")));
  CHECK(number(s.at("difference")) == 0);
  CHECK(number(s.at("journeys_difference")) == 0);
}

TEST_CASE("accounting: a request sent again on a new connection, after the server closed the kept-alive one, is one attempt") {
  StubServer server;
  // Keep-alive by its headers, closed by the server right after each answer.
  server.set_pieces({{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0ms, false, 1, StubServer::End::close}});
  const std::string dir = test_dir("accounting-stale");
  const auto file = write_file(dir, "s.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /a
        name: a
      - think: 200ms
      - get: /b
        name: b
)");
  auto run = run_scenario("accounting-stale", file, {"--target", server.url("/"), "--vus", "2", "-t", "1", "-d", "2s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(number(run.step("b").at("errors")) == 0);
  const auto& a = run.json.at("accounting").as_object();
  // Every /b went out twice: on the closed connection, then on a new one.
  CHECK(number(a.at("stale_retries")) >= number(run.step("b").at("count")) - 2);
  CHECK(number(a.at("stale_retries")) >= 1);
  CHECK(number(a.at("requests")) == number(run.step("a").at("count")) + number(run.step("b").at("count")));
  CHECK(number(a.at("difference")) == 0);
  CHECK(run.process.out.find("sent again on a new connection") != std::string::npos);
}

TEST_CASE("accounting: a form looked for in a page larger than what is kept is said to be past the kept part") {
  StubServer server;
  // 5 MiB of text and the form at the very end: past the 4 MiB kept.
  const std::string page = std::string(5 * 1024 * 1024, 'x') + "<form id=\"login\" method=\"post\"></form>";
  server.set_response("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + std::to_string(page.size()) +
                      "\r\n\r\n" + page);
  const std::string dir = test_dir("accounting-truncated");
  const auto file = write_file(dir, "s.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /page
        name: page
      - submit_form:
          form: "#login"
          fields: {username: someone}
        name: login
)");
  auto run = run_scenario("accounting-truncated", file, {"--no-default-slo", "--target", server.url("/"), "--vus", "1", "-t", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  const auto& login = run.step("login");
  CHECK(number(login.at("errors")) >= 1);
  CHECK(boost::json::serialize(login.at("messages")).find("in the first 4096 KiB kept of a larger page") !=
        std::string::npos);
  CHECK(number(run.json.at("accounting").as_object().at("difference")) == 0);
}
