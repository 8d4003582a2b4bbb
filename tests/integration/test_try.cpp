// `rollcall try`, the failure details of a run's summary and
// --trace-failures: what a person pointing rollcall at a real platform sees
// of its answers, against the built-in ENT.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"
#include "support/stub_server.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

struct Ent {
  sim::Simulator simulator;
  Ent() : simulator(config()) { simulator.start(); }
  static sim::Config config() {
    sim::Config c;
    c.port = 0;
    c.workers = 16;
    return c;
  }
};

// A student who logs in, then expects a page the portal does not have
// (`expect`), or a form the login page does not have (`form`).
std::string failing_scenario(const std::string& dir, const std::string& target, const std::string& form,
                             const std::string& expect) {
  write_file(dir, "students.csv", "username,password\nstudent0001,Mdp-student0001\nstudent0002,Mdp-student0002\n");
  return write_file(dir, "scenario.yaml",
                    "target: " + target + "\n"
                    "personas:\n"
                    "  student:\n"
                    "    feeder: {file: students.csv}\n"
                    "    flow:\n"
                    "      - get: /\n"
                    "        name: login\n"
                    "      - submit_form:\n"
                    "          form: \"" + form + "\"\n"
                    "          fields: {username: \"${username}\", password: \"${password}\"}\n"
                    "        name: cas-login-submit\n"
                    "        expect: {contains: \"" + expect + "\"}\n");
}

}  // namespace

TEST_CASE("rollcall try: every persona's journey, exchange by exchange, secrets masked") {
  Ent ent;
  auto r = run_rollcall({"try", scenario_path("morning-rush.yaml"), "--target", ent.simulator.url()}, std::chrono::seconds(60));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  for (const char* persona : {"student", "parent", "teacher"}) {
    CHECK(has(r.out, std::string("\n") + persona + " (row 1 of "));
    CHECK(has(r.out, std::string("  = ") + persona + " completed in "));
  }
  CHECK(has(r.out, "3 of 3 journeys completed"));
  // Hop by hop, with the redirect's target and the cookies set (names only).
  CHECK(has(r.out, "  GET " + ent.simulator.url() + "/  -> 302 text/html"));
  CHECK(has(r.out, "      redirect to " + ent.simulator.url() + "/cas/login?service="));
  CHECK(has(r.out, "[login > cas]"));
  CHECK(has(r.out, "      cookies set: JSESSIONID\n"));
  CHECK(has(r.out, "      redirect to " + ent.simulator.url() + "/?ticket=***\n"));
  // The form submit_form chose and what it sends.
  CHECK(has(r.out, "cas-login-submit: form#fm1 found on the page; sends POST"));
  CHECK(has(r.out, "      fields: username=student0001, password=***, execution=***, _eventId=submit"));
  CHECK(has(r.out, "      extracted homework_submit = /api/homework/"));
  CHECK_FALSE(has(r.out, "Mdp-"));
  CHECK_FALSE(has(r.out, "ST-"));
  CHECK_FALSE(has(r.out, "e1s1-"));
}

TEST_CASE("rollcall try: one persona, another row; unknown persona or row refused") {
  Ent ent;
  auto r = run_rollcall({"try", scenario_path("morning-rush.yaml"), "--target", ent.simulator.url(), "--persona", "parent",
                         "--row", "2"},
                        std::chrono::seconds(60));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "\nparent (row 2 of "));
  CHECK(has(r.out, "username=parent0002, password=***"));
  CHECK_FALSE(has(r.out, "\nstudent"));
  CHECK(has(r.out, "1 of 1 journeys completed"));

  auto typo = run_rollcall({"try", scenario_path("morning-rush.yaml"), "--target", ent.simulator.url(), "--persona", "studnet"});
  CHECK(typo.exit_code == 2);
  CHECK(has(typo.err, "--persona studnet: the scenario has no such persona; did you mean 'student'?"));
  auto row = run_rollcall({"try", scenario_path("morning-rush.yaml"), "--target", ent.simulator.url(), "--row", "100000"});
  CHECK(row.exit_code == 2);
  CHECK(has(row.err, "--row 100000: persona student's feeder "));
}

TEST_CASE("rollcall try: a failure shows status, URL, type, the page around the expected text and its forms") {
  Ent ent;
  const std::string dir = test_dir("try-failure");
  const auto missing_text = failing_scenario(dir, ent.simulator.url(), "#fm1", "Bonjour Madame");
  auto r = run_rollcall({"try", missing_text}, std::chrono::seconds(60));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "  FAILED cas-login-submit > portal: body does not contain 'Bonjour Madame'\n"));
  CHECK(has(r.out, "      status 200 text/html; charset=utf-8 from " + ent.simulator.url() + "/portal\n"));
  CHECK(has(r.out, "      page: ...")) ;
  CHECK(has(r.out, "<p class=\"user\">Bonjour "));
  CHECK(has(r.out, "  = student failed at cas-login-submit > portal in "));
  CHECK(has(r.out, "0 of 1 journeys completed"));

  const auto missing_form = failing_scenario(test_dir("try-failure-form"), ent.simulator.url(), "#login-form", "Bonjour");
  auto f = run_rollcall({"try", missing_form}, std::chrono::seconds(60));
  INFO(f.out << f.err);
  CHECK(f.exit_code == 1);
  CHECK(has(f.out, "  FAILED cas-login-submit: the page has no form '#login-form'\n"));
  CHECK(has(f.out, "      on the page:\n        form#fm1 post /cas/login?service="));
  CHECK(has(f.out, "(username, password, execution, _eventId, submit)"));
  CHECK_FALSE(has(f.out + r.out, "Mdp-"));
}

TEST_CASE("run: the summary gives the first failures of a step in full, and --trace-failures writes them as HAR") {
  Ent ent;
  const std::string dir = test_dir("trace-failures");
  const auto file = failing_scenario(dir, ent.simulator.url(), "#fm1", "Bonjour Madame");
  const std::string har_file = dir + "/trace.har";
  auto run = run_scenario("trace-failures", file,
                          {"--no-default-slo", "--rate", "5", "-d", "2s", "-q", "--trace-failures", har_file, "--trace-failures-max", "2"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  // The summary's errors block: status, URL, excerpt.
  CHECK(has(run.process.out, "    cas-login-submit > portal: "));
  CHECK(has(run.process.out, "      status 200 text/html; charset=utf-8 from " + ent.simulator.url() + "/portal\n"));
  CHECK(has(run.process.out, "        page: ..."));
  CHECK(has(run.process.out, "  trace        2 failing journeys in " + har_file));
  const auto& details = run.step("cas-login-submit > portal").at("failure_details").as_array();
  REQUIRE(details.size() == 3);
  const auto& first = details[0].as_object();
  CHECK(first.at("status").as_int64() == 200);
  CHECK(first.at("url").as_string() == ent.simulator.url() + "/portal");
  CHECK(first.at("reason").as_string() == "body does not contain 'Bonjour Madame'");
  CHECK(has(std::string(first.at("excerpt").as_string()), "Bonjour "));

  // HAR 1.2: what a browser's developer tools need to import it.
  const std::string text = read_file(har_file);
  const auto har = boost::json::parse(text).as_object();
  const auto& log = har.at("log").as_object();
  CHECK(log.at("version").as_string() == "1.2");
  CHECK(log.at("creator").as_object().at("name").as_string() == "rollcall");
  REQUIRE(log.at("pages").as_array().size() == 2);
  const auto& entries = log.at("entries").as_array();
  REQUIRE(entries.size() == 10);  // 5 exchanges a journey: /, cas, the form, the ticket, the portal
  for (const auto& v : entries) {
    const auto& e = v.as_object();
    for (const char* key : {"pageref", "startedDateTime", "time", "request", "response", "cache", "timings"})
      CHECK(e.contains(key));
    const auto& request = e.at("request").as_object();
    for (const char* key : {"method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"})
      CHECK(request.contains(key));
    const auto& response = e.at("response").as_object();
    for (const char* key : {"status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL",
                            "headersSize", "bodySize"})
      CHECK(response.contains(key));
    CHECK(response.at("content").as_object().contains("mimeType"));
    for (const char* key : {"send", "wait", "receive"}) CHECK(e.at("timings").as_object().contains(key));
  }
  const auto& login = entries[2].as_object();
  CHECK(login.at("request").as_object().at("method").as_string() == "POST");
  CHECK(has(boost::json::serialize(login.at("request").as_object().at("postData")), "password=***&execution=***"));
  const auto& last = entries[4].as_object();
  CHECK(last.at("comment").as_string() == "cas-login-submit > portal: body does not contain 'Bonjour Madame'");
  CHECK(has(std::string(last.at("response").as_object().at("content").as_object().at("text").as_string()), "Bonjour "));
  // Masked: passwords, cookie values, tickets, CAS's execution tokens.
  CHECK_FALSE(has(text, "Mdp-student"));
  CHECK_FALSE(has(text, "ST-"));
  CHECK_FALSE(has(text, "TGT-"));
  CHECK_FALSE(has(text, "e1s1-"));
  CHECK(has(text, "\"name\":\"Set-Cookie\",\"value\":\"TGC=***; Path=/cas"));
}

TEST_CASE("a server that resets mid-answer: try says so, the trace has the exchange with its error") {
  test::StubServer server;
  server.set_pieces({{"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nhalf", std::chrono::milliseconds(0), false, 1,
                      test::StubServer::End::reset}});
  const std::string dir = test_dir("trace-reset");
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + server.url("/") + "\n"
                               "personas:\n"
                               "  student:\n"
                               "    flow:\n"
                               "      - get: /portal\n"
                               "        name: portal\n");
  auto tried = run_rollcall({"try", file}, std::chrono::seconds(30));
  INFO(tried.out << tried.err);
  CHECK(tried.exit_code == 1);
  CHECK(has(tried.out, "  GET " + server.url("/portal") + "  -> no answer: reset after "));
  CHECK(has(tried.out, "  FAILED portal: reset\n"));

  const std::string har_file = dir + "/trace.har";
  auto run = run_scenario("trace-reset", file, {"--rate", "5", "-d", "1s", "-q", "--trace-failures", har_file});
  INFO(run.process.out << run.process.err);
  const auto har = boost::json::parse(read_file(har_file)).as_object();
  const auto& entries = har.at("log").as_object().at("entries").as_array();
  REQUIRE(entries.size() >= 1);
  const auto& response = entries[0].as_object().at("response").as_object();
  CHECK(response.at("status").as_int64() == 0);
  CHECK(response.at("_error").as_string() == "reset");
  CHECK(response.at("bodySize").as_int64() == -1);
  CHECK(entries[0].as_object().at("comment").as_string() == "portal: reset");
}
