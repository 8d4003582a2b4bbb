// The scenarios in scenarios/ against the built-in ENT, as users run them.
#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "sim/capacity.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

sim::Config quick_ent(bool tls = false, bool saml = false) {
  sim::Config c;
  c.port = 0;
  c.tls = tls;
  c.saml = saml;
  c.workers = 64;  // far above what a few users need: these tests are about journeys, not capacity
  return c;
}

// Every metrics line ran and none failed.
void expect_clean(const ScenarioRun& run) {
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(run.total("errors") == 0);
  CHECK(run.total("journeys_completed") > 0);
  for (const auto& s : run.json.at("steps").as_array()) {
    INFO(boost::json::serialize(s));
    CHECK(number(s.as_object().at("count")) > 0);
    CHECK(number(s.as_object().at("errors")) == 0);
  }
}

}  // namespace

TEST_CASE("student.yaml logs pupils in through CAS and runs their morning") {
  sim::Simulator ent(quick_ent());
  ent.start();
  auto run = run_scenario("student", scenario_path("student.yaml"), {"--target", ent.url(), "--vus", "4", "-d", "3s"});
  expect_clean(run);
  // Each hop of the login is its own line, named as the scenario says.
  for (const char* name : {"login", "login > cas", "cas-login-submit", "cas-login-submit > service",
                           "cas-login-submit > portal", "timeline", "homework", "messages", "document",
                           "homework-submit", "logout"})
    CHECK(number(run.step(name).at("count")) > 0);
  // Every journey is 11 requests, as the simulator's own journey.
  const double completed = number(run.persona("student").at("completed"));
  CHECK(number(run.step("login").at("count")) >= completed);
  CHECK(run.total("requests") >= completed * 11);
}

TEST_CASE("parent.yaml goes through the SAML auto-submit page") {
  sim::Simulator ent(quick_ent(false, true));
  ent.start();
  auto run = run_scenario("parent", scenario_path("parent.yaml"), {"--target", ent.url(), "--vus", "3", "-d", "3s"});
  expect_clean(run);
  CHECK(number(run.step("saml-acs").at("count")) == Approx(number(run.step("cas-login-submit").at("count"))).margin(3));
  CHECK(number(run.step("saml-acs > portal").at("count")) > 0);
}

TEST_CASE("teacher.yaml reads every page of messages and sets homework") {
  sim::Simulator ent(quick_ent());
  ent.start();
  auto run = run_scenario("teacher", scenario_path("teacher.yaml"), {"--target", ent.url(), "--vus", "2", "-d", "3s"});
  expect_clean(run);
  // Three pages of messages per journey (the API says null after the third).
  const double completed = number(run.persona("teacher").at("completed"));
  CHECK(number(run.step("messages").at("count")) >= completed);
  CHECK(number(run.step("messages-next-page").at("count")) >= 2 * completed);
  CHECK(number(run.step("messages-next-page").at("count")) <= 2 * number(run.persona("teacher").at("started")));
  CHECK(number(run.step("homework-assign").at("count")) >= completed);
  CHECK(number(run.step("document").at("count")) >= 2 * completed);
}

TEST_CASE("morning-rush.yaml mixes the three personas by weight") {
  sim::Simulator ent(quick_ent(false, true));
  ent.start();
  auto run = run_scenario("rush", scenario_path("morning-rush.yaml"), {"--target", ent.url(), "--rate", "20", "-d", "4s"});
  expect_clean(run);
  const double students = number(run.persona("student").at("started"));
  const double parents = number(run.persona("parent").at("started"));
  const double teachers = number(run.persona("teacher").at("started"));
  CHECK(students + parents + teachers == 80);
  CHECK(students == 64);   // smooth weighted round-robin: exact shares over 80 arrivals
  CHECK(parents == 12);
  CHECK(teachers == 4);
}

TEST_CASE("scenarios run over TLS with the simulator's certificate") {
  sim::Simulator ent(quick_ent(true, true));
  ent.start();
  const std::string dir = test_dir("scenario-tls");
  const std::string ca = write_file(dir, "ent.pem", ent.certificate_pem());
  auto run = run_scenario("rush-tls", scenario_path("morning-rush.yaml"),
                          {"--target", ent.url(), "--cacert", ca, "--rate", "10", "-d", "3s"});
  expect_clean(run);
  for (const char* persona : {"student", "parent", "teacher"}) CHECK(number(run.persona(persona).at("completed")) > 0);
  CHECK(run.total("tls_full_handshakes") + run.total("tls_resumed_handshakes") >= run.total("connects"));

  auto untrusted = run_scenario("student-untrusted", scenario_path("student.yaml"), {"--target", ent.url(), "--vus", "1", "-d", "1s"});
  CHECK(untrusted.process.exit_code == 2);
  CHECK(untrusted.process.err.find("certificate verify failed") != std::string::npos);
}

TEST_CASE("a failing journey is counted on the step that failed, with its reason") {
  sim::Config c = quick_ent();
  c.students = 2;  // the feeder's third row does not exist on this ENT: its login fails
  sim::Simulator ent(c);
  ent.start();
  auto run = run_scenario("wrong-accounts", scenario_path("student.yaml"), {"--no-default-slo", "--target", ent.url(), "--vus", "4", "-d", "2s"});
  REQUIRE(run.process.exit_code == 0);
  const auto& submit = run.step("cas-login-submit > portal");
  const auto& login = run.step("cas-login-submit");
  // A wrong password gives the form again (200), so the expectation "Bonjour" fails on the POST itself.
  CHECK(number(login.at("outcomes").as_object().at("expectation_failed")) > 0);
  CHECK(boost::json::serialize(login.at("messages")).find("Bonjour") != std::string::npos);
  CHECK(number(run.persona("student").at("failed")) > 0);
  CHECK(number(run.persona("student").at("completed")) > 0);
  (void)submit;
}

TEST_CASE("the feeders in scenarios/accounts are the simulator's accounts") {
  const std::string dir = test_dir("accounts");
  auto written = run_rollcall({"sim", "--write-accounts", dir});
  REQUIRE(written.exit_code == 0);
  for (const char* name : {"students.csv", "parents.csv", "teachers.csv"}) {
    INFO(name);
    CHECK(read_file(dir + "/" + name) == read_file(scenario_path(std::string("accounts/") + name)));
  }
}

TEST_CASE("each scenario sends exactly the requests of the simulator's journey of the same name") {
  // The simulator's --describe figures are the capacity search's ground
  // truth: they hold only if the scenarios do what its journeys say.
  for (bool saml : {false, true}) {
    sim::Config c = quick_ent(false, saml);
    sim::Simulator ent(c);
    ent.start();
    const auto capacity = sim::describe_capacity(c);
    for (const char* name : {"student", "parent", "teacher"}) {
      if (saml && std::string(name) != "parent") continue;
      INFO(name << (saml ? " with SAML" : ""));
      auto run = run_scenario(std::string("journey-") + name, scenario_path(std::string(name) + ".yaml"),
                              {"--target", ent.url(), "--vus", "1", "-t", "1", "-d", "1s"});
      expect_clean(run);
      const double completed = number(run.persona(name).at("completed"));
      REQUIRE(completed == number(run.persona(name).at("started")));
      CHECK(run.total("requests") == completed * capacity.journey(name)->requests);
    }
  }
}
