// Passwords, tokens, cookies and Authorization headers never appear in what
// rollcall writes: stdout, stderr, the JSON results, the results directory. A scenario runs with
// known secrets, some of them made to fail, and every output is searched.
#include <filesystem>

#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

// Every file under `dir`, read whole.
std::vector<std::pair<std::string, std::string>> outputs_in(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "scenario.yaml" && e.path().filename() != "accounts.csv")
      out.emplace_back(e.path().string(), read_file(e.path().string()));
  return out;
}

}  // namespace

TEST_CASE("secrets never appear in any output, even in failures") {
  sim::Config c;
  c.port = 0;
  c.workers = 32;
  sim::Simulator ent(c);
  ent.start();
  const std::string dir = test_dir("secrets");
  // One good account, one with a wrong password (a failing login, with its messages).
  write_file(dir, "accounts.csv",
             "username,password\n"
             "student0001,Mdp-student0001\n"
             "student0002,Sesame-Wrong-7731\n");
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + ent.url() + "\n"
                               "defaults:\n"
                               "  headers: {Authorization: \"Bearer Tok-Header-5521\"}\n"
                               "personas:\n"
                               "  student:\n"
                               "    feeder: {file: accounts.csv, mode: cycle}\n"
                               "    flow:\n"
                               "      - get: /\n"
                               "        name: login\n"
                               "        extract:\n"
                               "          execution: {form: \"#fm1\", field: execution, secret: true}\n"
                               "      - submit_form:\n"
                               "          form: \"#fm1\"\n"
                               "          fields: {username: \"${username}\", password: \"${password}\"}\n"
                               "        name: cas-login-submit\n"
                               "        expect: {status: 200, contains: \"Bonjour\"}\n"
                               "      - get: /portal\n"
                               "        name: cookie\n"
                               "        headers: {Cookie: \"extra=Cookie-Value-9042\"}\n"
                               "      - get: \"http://[${password}]/${execution}\"\n"
                               "        name: broken\n");
  auto run = run_scenario("secrets", file, {"--vus", "2", "-d", "2s", "-q"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  // The failures happened, so their messages were written...
  CHECK(number(run.step("cas-login-submit").at("errors")) > 0);
  CHECK(number(run.step("cookie").at("count")) > 0);
  CHECK(number(run.step("broken").at("errors")) > 0);
  CHECK(boost::json::serialize(run.step("broken").at("messages")).find("is not") != std::string::npos);
  // ...and none of them, nor anything else, holds a secret.
  std::vector<std::pair<std::string, std::string>> outputs{{"stdout", run.process.out}, {"stderr", run.process.err}};
  for (auto& o : outputs_in(dir)) outputs.push_back(std::move(o));
  outputs.emplace_back("--json", boost::json::serialize(run.json));
  // The results directory: stream, summary, JUnit, hlog, HTML report.
  const auto results = std::filesystem::current_path() / "test-output" / "run-secrets" / "results";
  const auto written = outputs_in(results.string());
  CHECK(written.size() >= 5);
  for (auto& o : written) outputs.push_back(std::move(o));
  REQUIRE(outputs.size() >= 3);
  for (const std::string secret : {"Mdp-student0001", "Sesame-Wrong-7731", "Tok-Header-5521", "Cookie-Value-9042"})
    for (const auto& [where, text] : outputs) {
      INFO(where << " must not contain " << secret);
      CHECK(text.find(secret) == std::string::npos);
    }
  // The extracted secret (a one-time execution token) has no fixed value:
  // its form is "e1s1"-like in the simulator; a message never quotes it.
  for (const auto& [where, text] : outputs) {
    INFO(where);
    CHECK(text.find("execution=") == std::string::npos);
  }
}
