// --proxy and the proxy environment variables: every request of a run,
// capacity step or bench goes through the proxy (CONNECT tunnels for
// https, absolute-form requests for http), with the target's names kept;
// a proxy that refuses or misbehaves is a counted, classified failure.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

#include "integration/bench_helpers.hpp"
#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"
#include "support/stub_server.hpp"
#include "support/test_proxy.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

sim::Config quick_ent(bool tls) {
  sim::Config c;
  c.port = 0;
  c.tls = tls;
  c.workers = 64;
  return c;
}

void expect_no_error(const ScenarioRun& run) {
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(run.total("errors") == 0);
  CHECK(run.total("journeys_completed") > 0);
}

// Every file under `dir`, concatenated: what a results directory shows.
std::string everything_in(const std::string& dir) {
  std::string all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) {
      std::ifstream in(entry.path(), std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), {});
    }
  return all;
}

// A scenario of two requests: one to the target as named, one to the same
// server under another name (`other_host`), where a proxy may act up.
std::string two_host_scenario(const std::string& dir, const std::string& scheme, unsigned short port,
                              const std::string& other_host) {
  const std::string origin = scheme + "://127.0.0.1:" + std::to_string(port);
  return write_file(dir, "two-hosts.yaml", "target: " + origin + "/\n" +
                                               "defaults:\n  connect_timeout: 1s\n  timeout: 2s\n" +
                                               "personas:\n  user:\n    flow:\n"
                                               "      - get: /cas/login\n        name: first\n        expect: {status: 200}\n"
                                               "      - get: " + scheme + "://" + other_host + ":" + std::to_string(port) +
                                               "/cas/login\n        name: second\n        expect: {status: 200}\n");
}

// An environment variable set for one test, whatever becomes of it.
struct ScopedEnv {
  const char* name;
  ScopedEnv(const char* n, const std::string& value) : name(n) { ::setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name); }
};

}  // namespace

TEST_CASE("proxy: a run on plain http sends every request to the proxy in absolute form") {
  sim::Simulator ent(quick_ent(false));
  ent.start();
  TestProxy proxy;
  auto run = run_scenario("proxy-plain", scenario_path("student.yaml"),
                          {"--target", ent.url(), "--proxy", proxy.url(), "--vus", "2", "-d", "2s"});
  expect_no_error(run);
  CHECK(run.total("requests") >= 11);
  CHECK(proxy.forwarded() == static_cast<std::uint64_t>(run.total("requests")));
  CHECK(proxy.origin_form() == 0);
  CHECK(proxy.tunnels() == 0);
  // The target's name in the request line and in Host: cookies and redirects keep working.
  CHECK(proxy.last_head().find(" http://127.0.0.1:") != std::string::npos);
  CHECK(proxy.last_head().find("Host: 127.0.0.1:") != std::string::npos);
}

TEST_CASE("proxy: a run on https goes through one CONNECT tunnel per connection and checks the target's certificate") {
  sim::Simulator ent(quick_ent(true));
  ent.start();
  TestProxy proxy;
  const std::string dir = test_dir("proxy-tls");
  const std::string ca = write_file(dir, "ent.pem", ent.certificate_pem());
  auto run = run_scenario("proxy-tls", scenario_path("student.yaml"),
                          {"--target", ent.url(), "--cacert", ca, "--proxy", proxy.url(), "--vus", "2", "-d", "2s"});
  expect_no_error(run);
  // The pre-flight probe's tunnel, then one per connection the run opened.
  CHECK(proxy.tunnels() == static_cast<std::uint64_t>(run.total("connects")) + 1);
  CHECK(proxy.forwarded() == 0);
  CHECK(proxy.last_head().rfind("CONNECT 127.0.0.1:", 0) == 0);
  CHECK(run.total("tls_full_handshakes") + run.total("tls_resumed_handshakes") >= run.total("connects"));

  // The certificate is checked against the target, not the proxy: without the CA, refused before the start.
  auto untrusted = run_scenario("proxy-tls-untrusted", scenario_path("student.yaml"),
                                {"--target", ent.url(), "--proxy", proxy.url(), "--vus", "1", "-d", "1s"});
  CHECK(untrusted.process.exit_code == 2);
  CHECK(untrusted.process.err.find("certificate verify failed") != std::string::npos);
}

TEST_CASE("proxy: the environment's HTTPS_PROXY is used and NO_PROXY or the no-proxy flag bypasses it") {
  sim::Simulator ent(quick_ent(true));
  ent.start();
  TestProxy proxy;
  const std::string dir = test_dir("proxy-env");
  const std::string ca = write_file(dir, "ent.pem", ent.certificate_pem());
  const ScopedEnv https_proxy("HTTPS_PROXY", proxy.url());
  auto run = run_scenario("proxy-env", scenario_path("student.yaml"),
                          {"--target", ent.url(), "--cacert", ca, "--vus", "1", "-d", "1s"});
  expect_no_error(run);
  CHECK(run.process.err.find("rollcall: https:// hosts through the proxy " + proxy.url() + " (HTTPS_PROXY;") !=
        std::string::npos);
  const auto through = proxy.tunnels();
  CHECK(through == static_cast<std::uint64_t>(run.total("connects")) + 1);

  auto flag = run_scenario("proxy-env-off", scenario_path("student.yaml"),
                           {"--target", ent.url(), "--cacert", ca, "--no-proxy", "--vus", "1", "-d", "1s"});
  expect_no_error(flag);
  const ScopedEnv no_proxy("NO_PROXY", "localhost,.example.fr,127.0.0.1");
  auto listed = run_scenario("proxy-env-listed", scenario_path("student.yaml"),
                             {"--target", ent.url(), "--cacert", ca, "--vus", "1", "-d", "1s"});
  expect_no_error(listed);
  CHECK(proxy.tunnels() == through);
}

TEST_CASE("proxy: credentials go to the proxy as Basic and appear in no output") {
  sim::Simulator ent(quick_ent(false));
  ent.start();
  TestProxy proxy;
  proxy.require_authorization("Basic cm9sbGNhbGw6czNjcmV0LXByb3h5LXBhc3M=");  // rollcall:s3cret-proxy-pass
  const std::string dir = test_dir("run-proxy-auth");
  auto run = run_scenario("proxy-auth", scenario_path("student.yaml"),
                          {"--target", ent.url(), "--proxy", "http://rollcall:s3cret-proxy-pass@127.0.0.1:" +
                                                                  std::to_string(proxy.port()),
                           "--vus", "1", "-d", "1s"});
  expect_no_error(run);
  CHECK(proxy.refused() == 0);
  CHECK(proxy.forwarded() == static_cast<std::uint64_t>(run.total("requests")));
  const std::string shown = run.process.out + run.process.err + everything_in(dir);
  CHECK(shown.find("s3cret-proxy-pass") == std::string::npos);
  CHECK(shown.find("cm9sbGNhbGw6czNjcmV0LXByb3h5LXBhc3M") == std::string::npos);

  // Without them: the pre-flight check says the proxy wants credentials (plain http: the 407 is its answer).
  sim::Simulator tls_ent(quick_ent(true));
  tls_ent.start();
  const std::string ca = write_file(dir, "ent.pem", tls_ent.certificate_pem());
  auto refused = run_scenario("proxy-auth-missing", scenario_path("student.yaml"),
                              {"--target", tls_ent.url(), "--cacert", ca, "--proxy", proxy.url(), "--vus", "1", "-d", "1s"});
  CHECK(refused.process.exit_code == 2);
  CHECK(refused.process.err.find("answered 407 to CONNECT 127.0.0.1:") != std::string::npos);
  CHECK(refused.process.err.find("it wants credentials") != std::string::npos);
}

TEST_CASE("proxy: a refused or hostile tunnel to a host met mid-journey is a counted proxy or connect failure") {
  sim::Simulator ent(quick_ent(true));
  ent.start();
  const std::string dir = test_dir("proxy-hostile");
  const std::string ca = write_file(dir, "ent.pem", ent.certificate_pem());
  struct Case {
    TestProxy::Mode mode;
    const char* failure;
    const char* message;
  };
  for (const Case& c : {Case{TestProxy::Mode::refuse, "proxy", "the proxy answered 407 to CONNECT"},
                        Case{TestProxy::Mode::stall, "timeout_connect", ""},
                        Case{TestProxy::Mode::endless_header, "malformed", ""}}) {
    TestProxy proxy;
    proxy.set_mode_for("localhost", c.mode);
    const auto file = two_host_scenario(dir, "https", ent.port(), "localhost");
    auto run = run_scenario("proxy-hostile", file,
                            {"--no-default-slo", "--insecure", "--proxy", proxy.url(), "--vus", "2", "-d", "2s"});
    INFO(c.failure << "\n" << run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);  // no objective: failures are counted, not fatal
    CHECK(run.process.wall_s < 15);
    const auto& first = run.step("first");
    const auto& second = run.step("second");
    CHECK(number(first.at("errors")) == 0);
    CHECK(number(second.at("count")) >= 1);
    CHECK(number(second.at("errors")) == number(second.at("count")));
    CHECK(number(second.at("failures").as_object().at(c.failure)) == number(second.at("count")));
    if (*c.message) CHECK(boost::json::serialize(second.at("messages")).find(c.message) != std::string::npos);
    if (c.mode == TestProxy::Mode::refuse) CHECK(proxy.refused() == static_cast<std::uint64_t>(number(second.at("count"))));
  }
}

TEST_CASE("proxy: bench goes through the proxy on http and https and a refusing proxy stops it before the start") {
  StubServer server;
  TestProxy proxy;
  auto plain = bench("proxy-plain", {server.url("/x"), "--proxy", proxy.url(), "-c", "2", "-t", "1", "-d", "1s"});
  INFO(plain.process.out << plain.process.err);
  REQUIRE(plain.process.exit_code == 0);
  CHECK(field(plain.json, "errors_total") == 0);
  CHECK(field(plain.json, "requests") >= 1);
  CHECK(proxy.forwarded() == static_cast<std::uint64_t>(field(plain.json, "requests")));
  CHECK(server.requests() == proxy.forwarded());
  CHECK(server.last_head().rfind("GET /x HTTP/1.1\r\n", 0) == 0);

  sim::Simulator ent(quick_ent(true));
  ent.start();
  auto tls = bench("proxy-tls", {ent.url() + "/cas/login", "--insecure", "--proxy", proxy.url(), "-c", "2", "-t", "1",
                                 "-d", "1s"});
  INFO(tls.process.out << tls.process.err);
  REQUIRE(tls.process.exit_code == 0);
  CHECK(field(tls.json, "errors_total") == 0);
  CHECK(proxy.tunnels() >= 3);  // the probe's and one per connection

  proxy.set_mode(TestProxy::Mode::refuse);
  auto refused = bench("proxy-refused", {ent.url() + "/", "--insecure", "--proxy", proxy.url(), "-d", "1s"});
  CHECK(refused.process.exit_code == 2);
  CHECK(refused.process.err.find("the proxy http://127.0.0.1:" + std::to_string(proxy.port()) + " answered 407") !=
        std::string::npos);
  auto bad = bench("proxy-bad", {ent.url() + "/", "--proxy", "socks5://127.0.0.1:1080", "-d", "1s"});
  CHECK(bad.process.exit_code == 2);
  CHECK(bad.process.err.find("--proxy socks5://127.0.0.1:1080: 'socks5' proxies are not supported") != std::string::npos);
}

TEST_CASE("proxy: capacity reaches its target through the proxy and a refusing proxy stops it before the first step") {
  sim::Simulator ent(quick_ent(true));
  ent.start();
  TestProxy proxy;
  proxy.set_mode(TestProxy::Mode::refuse);
  const std::string dir = test_dir("proxy-capacity");
  auto p = run_rollcall({"capacity", scenario_path("student.yaml"), "--target", ent.url(), "--insecure", "--proxy",
                         proxy.url(), "--out", dir + "/results"});
  INFO(p.out << p.err);
  CHECK(p.exit_code == 2);
  CHECK(p.err.find("answered 407 to CONNECT 127.0.0.1:" + std::to_string(ent.port())) != std::string::npos);
  CHECK(proxy.refused() == 1);
}
