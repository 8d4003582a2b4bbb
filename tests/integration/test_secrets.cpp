// Passwords, tokens, cookies and Authorization headers never appear in what
// rollcall writes: stdout, stderr, the JSON results, the results directory. A scenario runs with
// known secrets, some of them made to fail, and every output is searched;
// so are the values the server issues: session cookies, CAS tickets, SAML
// responses, tokens in the paths it redirects to.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "integration/run_helpers.hpp"
#include "sim/form.hpp"
#include "sim/simulator.hpp"
#include "sim/tokens.hpp"
#include "support/stub_server.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

bool has_text(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

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
  auto run = run_scenario("secrets", file, {"--no-default-slo", "--vus", "2", "-d", "2s", "-q", "--trace-failures", dir + "/trace.har"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  // One journey watched exchange by exchange, for each account.
  const auto tried = run_rollcall({"try", file}, std::chrono::seconds(60));
  const auto tried_wrong = run_rollcall({"try", file, "--row", "2"}, std::chrono::seconds(60));
  CHECK(has_text(tried_wrong.out, "FAILED cas-login-submit"));
  // The failures happened, so their messages were written...
  CHECK(number(run.step("cas-login-submit").at("errors")) > 0);
  CHECK(number(run.step("cookie").at("count")) > 0);
  CHECK(number(run.step("broken").at("errors")) > 0);
  CHECK(boost::json::serialize(run.step("broken").at("messages")).find("is not") != std::string::npos);
  // ...and none of them, nor anything else, holds a secret.
  std::vector<std::pair<std::string, std::string>> outputs{{"stdout", run.process.out}, {"stderr", run.process.err},
                                                           {"try", tried.out + tried.err},
                                                           {"try --row 2", tried_wrong.out + tried_wrong.err}};
  for (auto& o : outputs_in(dir)) outputs.push_back(std::move(o));
  CHECK(std::any_of(outputs.begin(), outputs.end(), [](const auto& o) { return o.first.find("trace.har") != std::string::npos; }));
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
    for (auto at = text.find("execution="); at != std::string::npos; at = text.find("execution=", at + 1))
      CHECK(text.compare(at + 10, 3, "***") == 0);
  }
}

namespace {

// Every output of a run: stdout, stderr, --json, the results directory.
std::vector<std::pair<std::string, std::string>> all_outputs(const ScenarioRun& run, const std::string& name) {
  std::vector<std::pair<std::string, std::string>> outputs{{"stdout", run.process.out}, {"stderr", run.process.err}};
  outputs.emplace_back("--json", boost::json::serialize(run.json));
  const auto results = std::filesystem::current_path() / "test-output" / ("run-" + name) / "results";
  for (auto& o : outputs_in(results.string())) outputs.push_back(std::move(o));
  return outputs;
}

// The simulator draws every token (JSESSIONID, execution, TGC, ST-, the
// portal's session, the SAML response's ID) as 16 hex digits at a time
// from one generator seeded by its --seed: these blocks, in the order
// drawn, are everything it can have issued after `count` draws.
std::unordered_set<std::string> issued_blocks(std::uint64_t seed, std::size_t count) {
  sim::TokenSource tokens(seed);
  std::unordered_set<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.insert(tokens.next("", 16));
  return out;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// The first issued block found in `text` (any 16 hex digits in a row, at
// any offset), with what surrounds it; empty if none.
std::string issued_in(const std::string& text, const std::unordered_set<std::string>& blocks) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    run = is_hex(text[i]) ? run + 1 : 0;
    if (run < 16) continue;
    const std::size_t from = i + 1 - 16;
    if (blocks.count(text.substr(from, 16)))
      return text.substr(from < 60 ? 0 : from - 60, 140);
  }
  return {};
}

// One HTTP/1.1 exchange on a new connection, as a browser without
// rollcall would have it: the server's own answer, head and body.
std::string exchange(unsigned short port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  timeval patience{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
    char buffer[16384];
    for (;;) {
      const auto n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(n));
      const auto head_end = answer.find("\r\n\r\n");
      if (head_end == std::string::npos) continue;
      const auto length_at = answer.find("\r\nContent-Length: ");
      if (length_at == std::string::npos || length_at > head_end) continue;
      const auto length = std::stoul(answer.substr(length_at + 18));
      if (answer.size() >= head_end + 4 + length) break;
    }
  }
  ::close(fd);
  return answer;
}

// The text after `start` up to the first of `stops`.
std::string between(const std::string& text, const std::string& start, const char* stops) {
  const auto at = text.find(start);
  if (at == std::string::npos) return {};
  const auto from = at + start.size();
  return text.substr(from, text.find_first_of(stops, from) - from);
}

// What the simulator's CAS issues to a browser that logs in as `user`:
// the JSESSIONID and execution of its form, then the answer to the form.
struct Login {
  std::string jsessionid, execution, answer;
};

Login log_in(const sim::Simulator& ent, const std::string& user) {
  const std::string host = fmt::format("127.0.0.1:{}", ent.port());
  const std::string target = "/cas/login?service=" + sim::url_encode(ent.url() + "/");
  Login out;
  const auto form = exchange(ent.port(), fmt::format("GET {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", target, host));
  out.jsessionid = between(form, "Set-Cookie: JSESSIONID=", ";\r\n");
  out.execution = between(form, "name=\"execution\" value=\"", "\"");
  const std::string body = fmt::format("username={}&password=Mdp-{}&execution={}&_eventId=submit", user, user, out.execution);
  out.answer = exchange(ent.port(), fmt::format("POST {} HTTP/1.1\r\nHost: {}\r\nCookie: JSESSIONID={}\r\n"
                                                "Content-Type: application/x-www-form-urlencoded\r\n"
                                                "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
                                                target, host, out.jsessionid, body.size(), body));
  return out;
}

std::string redirect_to(const std::string& location) {
  return "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n";
}

}  // namespace

TEST_CASE("values the server issues never appear in any output: cookies, tickets, SAML responses, path tokens") {
  sim::Config c;
  c.port = 0;
  c.workers = 32;
  c.saml = true;  // parents come back through the identity provider's self-posting SAMLResponse
  c.seed = 4127;
  sim::Simulator ent(c);
  ent.start();

  // What the server issues, taken from its own answers to a plain client:
  // proof that the simulator's tokens are the blocks predicted from its seed,
  // and the opening every SAMLResponse shares.
  const Login parent = log_in(ent, "parent0003");
  const Login parent_again = log_in(ent, "parent0004");
  const Login student = log_in(ent, "student0003");
  const std::string saml = between(parent.answer, "name=\"SAMLResponse\" value=\"", "\"");
  const std::string saml_again = between(parent_again.answer, "name=\"SAMLResponse\" value=\"", "\"");
  const std::string ticket = between(student.answer, "?ticket=", "\r\n");
  const std::string tgc = between(student.answer, "Set-Cookie: TGC=", ";\r\n");
  INFO(parent.answer << student.answer);
  REQUIRE(parent.jsessionid.size() == 32);
  REQUIRE(parent.execution.rfind("e1s1-", 0) == 0);
  REQUIRE(saml.size() > 200);
  REQUIRE(ticket.rfind("ST-", 0) == 0);
  REQUIRE(tgc.rfind("TGT-", 0) == 0);
  {
    const auto predicted = issued_blocks(c.seed, 64);
    CHECK(predicted.count(parent.jsessionid.substr(0, 16)));
    CHECK(predicted.count(parent.execution.substr(5, 16)));
    CHECK(predicted.count(ticket.substr(ticket.find('-', 3) + 1, 16)));
    CHECK(predicted.count(tgc.substr(tgc.find('-', 4) + 1, 16)));
    CHECK_FALSE(issued_in(student.answer, predicted).empty());
  }
  // The XML opens the same way for every parent: its first 48 bytes, 64
  // base64 digits, are in every SAMLResponse, whole or cut.
  const std::string saml_opening = saml.substr(0, 64);
  REQUIRE(saml_again.substr(0, 64) == saml_opening);

  // Servers that put their tokens in paths (and a cookie), answering every
  // request alike: the redirect loops until rollcall gives up.
  const std::string jsession_token = "JsessStub7f3a9c2e41b8d6f0";
  const std::string cookie_token = "CookieStub91e4c7a2b5d8";
  const std::string uuid_token = "5f0c2a9e-8b1d-4c3e-9a7f-2d6b8e1c4a90";
  const std::string action_token = "ActionStub6d2e9b07f1";
  // A base64url token as the first segment of a path: no digits, by chance
  // (about one in three of 22 characters have at most two).
  const std::string opaque_token = "Zq_xKpLmWvRtYbNs-HjDgF";
  test::StubServer jsession_server, uuid_server, form_server, opaque_server;
  opaque_server.set_response(redirect_to("/" + opaque_token + "/home"));
  jsession_server.set_response("HTTP/1.1 302 Found\r\nLocation: /app;jsessionid=" + jsession_token +
                               "/\r\nSet-Cookie: STUBSESSION=" + cookie_token + "; Path=/\r\nContent-Length: 0\r\n\r\n");
  uuid_server.set_response(redirect_to("/t/" + uuid_token + "/"));
  const std::string page = "<html><body><form id=\"f\" method=\"post\" action=\"http://[::1/app;jsessionid=" + action_token +
                           "/\"><input name=\"a\" value=\"b\"></form></body></html>";
  form_server.set_response(fmt::format("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{}",
                                       page.size(), page));

  const std::string dir = test_dir("secrets-issued");
  // Good accounts, and one of each with a wrong password (the login page
  // comes back, with a new execution token, as an error).
  write_file(dir, "parents.csv", "username,password\nparent0001,Mdp-parent0001\nparent0002,Wrong-Parent-Pass-3318\n");
  write_file(dir, "students.csv", "username,password\nstudent0001,Mdp-student0001\nstudent0002,Wrong-Student-Pass-5120\n");
  const auto file = write_file(
      dir, "scenario.yaml",
      "target: " + ent.url() + "\n"
      "personas:\n"
      "  parent:\n"
      "    feeder: {file: parents.csv, mode: cycle}\n"
      "    flow:\n"
      "      - get: /\n"
      "        name: login\n"
      "        redirects: {names: [cas]}\n"
      "      - submit_form:\n"
      "          form: \"#fm1\"\n"
      "          fields: {username: \"${username}\", password: \"${password}\"}\n"
      "        name: cas-login-submit\n"
      "        expect: {status: 200, contains: SAMLResponse}\n"
      "        extract:\n"
      "          saml_response: {form: \"0\", field: SAMLResponse}\n"
      "      - submit_form: {form: \"0\"}\n"
      "        name: saml-acs\n"
      "        expect: {status: 200, contains: Bonjour}\n"
      "      - get: /api/timeline\n"
      "        name: timeline\n"
      // A SAMLResponse is good once: the identity provider's answer again is refused.
      "      - post: /saml/acs\n"
      "        name: saml-replay\n"
      "        form: {SAMLResponse: \"${saml_response}\"}\n"
      "        expect: {status: 200}\n"
      "  student:\n"
      "    feeder: {file: students.csv, mode: cycle}\n"
      "    flow:\n"
      "      - get: /\n"
      "        name: login\n"
      "      - submit_form:\n"
      "          form: \"#fm1\"\n"
      "          fields: {username: \"${username}\", password: \"${password}\"}\n"
      "        name: cas-login-submit\n"
      "        expect: {status: 200, contains: Bonjour}\n"
      // Single sign-on: the TGC cookie gets a service ticket without the form.
      "      - get: \"/cas/login?service=" + sim::url_encode(ent.url() + "/") + "\"\n"
      "        name: sso\n"
      "        redirects: {follow: false}\n"
      "        expect: {status: 302}\n"
      "        extract:\n"
      "          ticket_url: {header: Location}\n"
      "      - get: \"${ticket_url}\"\n"
      "        name: ticket\n"
      "        expect: {status: 200, contains: Bonjour}\n"
      "      - get: /cas/logout\n"
      "        name: logout\n"
      // A service ticket is good once: the same URL again, without the TGC
      // that would get a new one, lands on the login form.
      "      - get: \"${ticket_url}\"\n"
      "        name: ticket-replay\n"
      "        expect: {status: 200, contains: Bonjour}\n"
      "  jsession:\n"
      "    flow:\n"
      "      - get: " + jsession_server.url("/") + "\n"
      "        name: jsession-hop\n"
      "        redirects: {follow: false}\n"
      "        expect: {status: 302}\n"
      "      - get: " + jsession_server.url("/") + "\n"
      "        name: jsession-loop\n"
      "        redirects: {max: 3}\n"
      "        expect: {status: 200}\n"
      "  uuid:\n"
      "    flow:\n"
      "      - get: " + uuid_server.url("/") + "\n"
      "        name: uuid-loop\n"
      "        redirects: {max: 2}\n"
      "        expect: {status: 200}\n"
      "  opaque:\n"
      "    flow:\n"
      "      - get: " + opaque_server.url("/") + "\n"
      "        name: opaque-loop\n"
      "        redirects: {max: 2}\n"
      "        expect: {status: 200}\n"
      "  form:\n"
      "    flow:\n"
      "      - get: " + form_server.url("/") + "\n"
      "        name: form-page\n"
      "      - submit_form: {form: \"#f\"}\n"
      "        name: form-action\n");
  auto run = run_scenario("secrets-issued", file,
                          {"--no-default-slo", "--vus", "10", "-d", "3s", "--trace-failures", dir + "/trace.har", "--trace-failures-max", "50"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  // Each persona once, with the good account and with the wrong password.
  const auto tried = run_rollcall({"try", file}, std::chrono::seconds(60));
  const auto tried_wrong = run_rollcall({"try", file, "--row", "2"}, std::chrono::seconds(60));
  INFO(tried.out);
  // The replayed SAMLResponse is refused, as it should be.
  CHECK(has_text(tried.out, "extracted saml_response = ***"));
  CHECK(has_text(tried.out, "FAILED saml-replay: status 403"));
  CHECK(has_text(tried_wrong.out, "FAILED"));
  // Each kind of value was issued, sent back, and some of them failed.
  CHECK(number(run.step("saml-acs").at("count")) > 0);
  CHECK(number(run.step("saml-replay").at("errors")) > 0);
  CHECK(number(run.step("cas-login-submit").at("errors")) > 0);
  CHECK(number(run.step("ticket").at("count")) > number(run.step("ticket").at("errors")));
  CHECK(number(run.step("ticket-replay > cas").at("errors")) > 0);
  CHECK(number(run.step("jsession-hop").at("count")) > 0);
  // A redirect loop fails at its last hop, named after the path without its token.
  CHECK(number(run.step("jsession-loop > app").at("errors")) > 0);
  CHECK(number(run.step("uuid-loop > t").at("errors")) > 0);
  CHECK(number(run.step("form-action").at("errors")) > 0);
  CHECK(number(run.step("opaque-loop").at("count")) > 0);
  CHECK(boost::json::serialize(run.step("form-action").at("messages")).find("cannot submit to (http:") != std::string::npos);
  CHECK(jsession_server.last_head().find("STUBSESSION=" + cookie_token) != std::string::npos);

  auto outputs = all_outputs(run, "secrets-issued");
  REQUIRE(outputs.size() >= 8);
  outputs.emplace_back("try", tried.out + tried.err);
  outputs.emplace_back("try --row 2", tried_wrong.out + tried_wrong.err);
  const std::string trace = read_file(dir + "/trace.har");
  CHECK(trace.size() > 1000);
  outputs.emplace_back("trace.har", trace);
  // Every token the simulator drew, with room to spare: at most a few blocks a request.
  const auto issued = issued_blocks(c.seed, 64 + 16 * ent.stats().requests);
  for (const auto& [where, text] : outputs) {
    INFO(where << " holds a token the simulator issued: " << issued_in(text, issued));
    CHECK(issued_in(text, issued).empty());
  }
  std::vector<std::string> values{saml_opening, sim::url_encode(saml_opening), saml, ticket, tgc,
                                  parent.jsessionid, jsession_token, cookie_token, uuid_token, action_token};
  for (const auto& value : values)
    for (const auto& [where, text] : outputs) {
      INFO(where << " must not contain " << value);
      CHECK(text.find(value) == std::string::npos);
    }
  // A hop without a name of its own is never named after a segment that
  // may be a token (mixed case, digits).
  for (const auto& [where, text] : outputs) {
    INFO(where << " must not contain " << opaque_token);
    CHECK(text.find(opaque_token) == std::string::npos);
  }
}
