// `rollcall import-har` as a person uses it: a login recorded against the
// built-in ENT becomes a scenario that `validate`, `try` and `run` accept
// and complete; bad recordings get one line and exit 2; no recorded
// secret is ever written or printed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "har/fixtures.hpp"
#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

struct RecordingEnt {
  sim::Simulator simulator;
  explicit RecordingEnt(bool saml = false) : simulator(config(saml)) { simulator.start(); }
  static sim::Config config(bool saml) {
    sim::Config c;
    c.port = 0;
    c.saml = saml;
    return c;
  }
};

// validate wraps its summary at 78 columns, so where a phrase breaks
// depends on the length of the paths before it.
std::string unwrapped(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

void check_no_secret(const std::string& where, const std::string& text) {
  for (const auto& secret : recorded_secrets()) {
    INFO(where << " must not hold a recorded secret");
    CHECK_FALSE(has(text, secret));
  }
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("import-har: a login recorded against the built-in ENT runs with try and run") {
  RecordingEnt ent;
  const std::string dir = test_dir("import-har-sim");
  const std::string yaml = dir + "/my-ent-student.yaml";
  auto imported = run_rollcall({"import-har", har_fixture("sim-student.har"), "--persona", "student", "-o", yaml});
  INFO(imported.out << imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.err.empty());
  CHECK(has(imported.out, "wrote " + yaml + ": persona student, 5 steps, 7 requests, 1 submit_form, 0 extractions"));
  CHECK(read_file(dir + "/my-ent-student.csv") == "username,password\n");
  const std::string scenario = read_file(yaml);
  CHECK(has(scenario, "feeder: {file: \"my-ent-student.csv\", mode: cycle, secret: [password]}"));
  CHECK(has(scenario, "target: http://127.0.0.1:"));
  check_no_secret("the scenario", scenario);
  check_no_secret("import-har's output", imported.out + imported.err);

  // The scenario as written validates; its accounts file, header only,
  // is a warning naming the file and what to do.
  auto bare = run_rollcall({"validate", yaml});
  INFO(bare.out << bare.err);
  CHECK(bare.exit_code == 0);
  CHECK(has(bare.err, "my-ent-student.csv:1:1: warning: the file has a header but no rows: fill in one row per "
                      "account (or give --feeder with a filled-in file) before try, run or capacity"));
  CHECK(lines(bare.err) == 1);
  CHECK(has(unwrapped(bare.out), "0 accounts from"));

  // try refuses it before the first request, where the file is and what was expected.
  const auto requests_before = ent.simulator.stats().requests;
  auto refused = run_rollcall({"try", yaml, "--target", ent.simulator.url()}, std::chrono::seconds(60));
  CHECK(refused.exit_code == 2);
  CHECK(has(refused.err, "my-ent-student.csv:1:1: the file has a header but no rows: expected one row per account "
                         "after it"));
  CHECK_FALSE(has(refused.err, "warning"));
  CHECK(ent.simulator.stats().requests == requests_before);

  // Filled in, the same file validates without a warning and try completes.
  write_file(dir, "my-ent-student.csv", "username,password\nstudent0003,Mdp-student0003\n");
  auto filled = run_rollcall({"validate", yaml});
  CHECK(filled.exit_code == 0);
  CHECK(filled.err.empty());
  CHECK(has(unwrapped(filled.out), "1 account from"));

  const std::string accounts = write_file(dir, "accounts.csv",
                                          "username,password\nstudent0001,Mdp-student0001\nstudent0002,Mdp-student0002\n");
  auto valid = run_rollcall({"validate", yaml, "--feeder", "student=" + accounts});
  CHECK(valid.exit_code == 0);

  auto tried = run_rollcall({"try", yaml, "--target", ent.simulator.url()}, std::chrono::seconds(60));
  INFO(tried.out << tried.err);
  CHECK(tried.exit_code == 0);
  CHECK(has(tried.out, "cas-login-submit: form#fm1 found on the page; sends POST"));
  CHECK(has(tried.out, "[cas-login-submit > portal]"));
  CHECK(has(tried.out, "[portal-calls > api-messages]"));
  CHECK(has(tried.out, "1 of 1 journeys completed"));

  // A short open run: every journey started completes (think times up to
  // the recorded 4.2 s, so the grace lets them end).
  auto run = run_scenario("import-har-sim", yaml,
                          {"--feeder", "student=" + accounts, "--target", ent.simulator.url(), "--rate", "2", "-d", "2s",
                           "--grace", "30s", "-t", "1"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(run.total("journeys_started") >= 3);
  CHECK(run.total("journeys_completed") == run.total("journeys_started"));
  CHECK(run.total("errors") == 0);
}

TEST_CASE("import-har: a parent's login through the built-in ENT's SAML hop: two forms, both submit_form") {
  RecordingEnt ent(true);
  const std::string dir = test_dir("import-har-saml");
  const std::string yaml = dir + "/parent.yaml";
  auto imported = run_rollcall({"import-har", har_fixture("sim-parent-saml.har"), "--persona", "parent", "-o", yaml});
  INFO(imported.out << imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(has(imported.out, "persona parent, 6 steps, 8 requests, 2 submit_form, 0 extractions"));
  const std::string scenario = read_file(yaml);
  CHECK(has(scenario, "submit_form sends the page's own values of SAMLResponse, RelayState."));
  check_no_secret("the scenario", scenario);
  CHECK_FALSE(has(scenario, "Mdp-parent0001"));
  CHECK_FALSE(has(scenario, "parent0001"));
  const std::string accounts = write_file(dir, "accounts.csv", "username,password\nparent0002,Mdp-parent0002\n");
  auto tried = run_rollcall({"try", yaml, "--feeder", "parent=" + accounts, "--target", ent.simulator.url()},
                            std::chrono::seconds(60));
  INFO(tried.out << tried.err);
  CHECK(tried.exit_code == 0);
  CHECK(has(tried.out, "[saml-acs-submit > portal]"));
  CHECK(has(tried.out, "1 of 1 journeys completed"));
}

TEST_CASE("import-har: an unrelated SSO with a consent page validates; nothing secret comes out") {
  const std::string dir = test_dir("import-har-sso");
  const std::string yaml = dir + "/sso-parent.yaml";
  std::ofstream(dir + "/accounts.csv") << "username,password\njdoe,pw-1\n";
  auto imported = run_rollcall({"import-har", har_fixture("other-sso.har"), "--persona", "parent", "-o", yaml});
  INFO(imported.out << imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(has(imported.out, "3 submit_form, 3 extractions: xsrf_token (cookie), x_csrf_token (regex), classes_id (json)"));
  auto valid = run_rollcall({"validate", yaml, "--feeder", "parent=" + dir + "/accounts.csv"});
  CHECK(valid.exit_code == 0);
  check_no_secret("the scenario", read_file(yaml));
  check_no_secret("import-har's output", imported.out + imported.err);

  // Importing again keeps accounts the user added.
  std::ofstream(dir + "/sso-parent.csv") << "username,password\njdoe,pw-1\n";
  auto again = run_rollcall({"import-har", har_fixture("other-sso.har"), "--persona", "parent", "-o", yaml});
  CHECK(again.exit_code == 0);
  CHECK(read_file(dir + "/sso-parent.csv") == "username,password\njdoe,pw-1\n");
}

TEST_CASE("import-har: bad input gets one line naming the file and what was expected, and exit 2") {
  const std::string dir = test_dir("import-har-bad");
  const std::string big = dir + "/big.har";
  { std::ofstream(big).put('{'); }
  std::filesystem::resize_file(big, 200ull * 1024 * 1024);  // sparse: no disk used
  struct Case {
    std::string file, message;
  };
  const std::vector<Case> cases = {
      {har_fixture("not-json.har"), "not JSON"},
      {har_fixture("har-1.1.har"), "HAR version 1.1 is not supported: expected HAR 1.2"},
      {har_fixture("truncated.har"), "the JSON ends before it is complete"},
      {har_fixture("no-entries.har"), "log.entries is empty"},
      {big, "the file is 200 MiB, above the 100 MiB limit"},
      {dir + "/missing.har", "cannot read the file"},
  };
  for (const auto& c : cases) {
    const std::string out = dir + "/out.yaml";
    auto r = run_rollcall({"import-har", c.file, "--persona", "student", "-o", out});
    INFO(c.file << "\n" << r.err);
    CHECK(r.exit_code == 2);
    CHECK(lines(r.err) == 1);
    CHECK(r.err.starts_with(c.file + ": " + c.message));
    CHECK(r.out.empty());
    CHECK_FALSE(std::filesystem::exists(out));
  }
  std::filesystem::remove(big);

  auto persona = run_rollcall({"import-har", har_fixture("sim-student.har"), "--persona", "a b", "-o", dir + "/x.yaml"});
  CHECK(persona.exit_code == 2);
  CHECK(persona.err == "--persona: expected a persona name of letters, digits, '-' and '_' (such as student)\n");
  auto missing = run_rollcall({"import-har", har_fixture("sim-student.har"), "-o", dir + "/x.yaml"});
  CHECK(missing.exit_code == 2);
  CHECK(lines(missing.err) == 1);

  // Out of order is not an error: the entries are taken by their start.
  auto sorted = run_rollcall({"import-har", har_fixture("out-of-order.har"), "--persona", "student", "-o", dir + "/o.yaml"});
  CHECK(sorted.exit_code == 0);
  CHECK(has(sorted.out, "note: the entries were not in the order they started; they were taken by startedDateTime"));
  CHECK(has(sorted.out, "5 steps, 7 requests, 1 submit_form"));
}
