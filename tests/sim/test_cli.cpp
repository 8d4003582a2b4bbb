// `rollcall sim` as users run it: the built binary, its output and exit codes.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "sim/client.hpp"
#include "support/process.hpp"

using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Waits for the simulator's first line in its log; returns the port.
std::uint16_t wait_for_listening(const std::string& log, std::string& first_line, const char* scheme = "http") {
  std::regex pattern(std::string("listening on ") + scheme + "://127\\.0\\.0\\.1:([0-9]+)");
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto text = slurp(log);
    auto eol = text.find('\n');
    if (eol != std::string::npos) {
      first_line = text.substr(0, eol);
      std::smatch m;
      if (std::regex_match(first_line, m, pattern)) return static_cast<std::uint16_t>(std::stoi(m[1]));
      return 0;
    }
    std::this_thread::sleep_for(20ms);
  }
  return 0;
}

}  // namespace

TEST_CASE("rollcall sim prints where it listens, serves, and stops cleanly on SIGTERM", "[sim][cli]") {
  auto log = test_dir("sim-cli-serve") + "/sim.log";
  BackgroundProcess sim({ROLLCALL_BINARY, "sim", "--port", "0", "--students", "10"}, log);
  std::string first_line;
  auto port = wait_for_listening(log, first_line);
  INFO(slurp(log));
  REQUIRE(port != 0);
  CHECK(first_line == "listening on http://127.0.0.1:" + std::to_string(port));

  Client client(port);
  CHECK(client.get("/health").body == "ok\n");
  CHECK(client.get("/").status == 302);

  CHECK(sim.stop(SIGTERM, 5000ms) == 0);
  CHECK(slurp(log).find("rollcall sim: stopped (SIGTERM): 1 connections, 2 requests") != std::string::npos);
}

TEST_CASE("rollcall sim stops cleanly on SIGINT", "[sim][cli]") {
  auto log = test_dir("sim-cli-sigint") + "/sim.log";
  BackgroundProcess sim({ROLLCALL_BINARY, "sim", "--port", "0"}, log);
  std::string first_line;
  REQUIRE(wait_for_listening(log, first_line) != 0);
  CHECK(sim.stop(SIGINT, 5000ms) == 0);
}

TEST_CASE("rollcall sim --tls serves HTTPS with the certificate it writes", "[sim][cli][tls]") {
  auto dir = test_dir("sim-cli-tls");
  BackgroundProcess sim({ROLLCALL_BINARY, "sim", "--port", "0", "--tls", "--write-cert", dir + "/ca.pem"},
                        dir + "/sim.log");
  std::string first_line;
  auto port = wait_for_listening(dir + "/sim.log", first_line, "https");
  REQUIRE(port != 0);
  auto pem = slurp(dir + "/ca.pem");
  CHECK(pem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  Client client(port, pem);
  CHECK(client.get("/health").status == 200);
  CHECK(sim.stop(SIGTERM, 5000ms) == 0);
}

TEST_CASE("rollcall sim --describe prints the capacity, as a table or JSON", "[sim][cli]") {
  auto table = run_rollcall({"sim", "--describe", "--workers", "2", "--service-time", "login-post=100ms"});
  CHECK(table.exit_code == 0);
  CHECK(table.err.empty());
  CHECK(std::regex_search(table.out, std::regex("login-post +POST +/cas/login +100ms +20\\.0\n")));
  CHECK(table.out.find("morning-rush") != std::string::npos);

  auto json = run_rollcall({"sim", "--describe", "--json", "--saml"});
  REQUIRE(json.exit_code == 0);
  auto doc = boost::json::parse(json.out).as_object();
  CHECK(doc.at("workers").as_int64() == 16);
  CHECK(doc.at("journeys").as_array()[1].as_object().at("steps").as_array()[3].as_string() == "saml-acs");
}

TEST_CASE("rollcall sim --write-accounts writes the feeders and exits", "[sim][cli]") {
  auto dir = test_dir("sim-cli-accounts");
  auto r = run_rollcall({"sim", "--write-accounts", dir, "--students", "3", "--parents", "2", "--teachers", "1"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "wrote 6 accounts to " + dir + " (students.csv, parents.csv, teachers.csv)\n");
  for (const char* file : {"students.csv", "parents.csv", "teachers.csv"})
    CHECK(std::filesystem::exists(std::filesystem::path(dir) / file));
  CHECK(slurp(dir + "/students.csv").find("\nstudent0003,Mdp-student0003,") != std::string::npos);
}

TEST_CASE("bad flags and combinations: one line on stderr, exit code 2", "[sim][cli]") {
  const std::vector<std::vector<std::string>> cases = {
      {"--workers", "0"},
      {"--workers", "-3"},
      {"--workers", "many"},
      {"--queue", "-1"},
      {"--port", "70000"},
      {"--listen", "example.org"},
      {"--json"},
      {"--write-cert", "/tmp/x.pem"},
      {"--retry-after", "10s"},
      {"--waiting-room", "--retry-after", "10"},
      {"--describe", "--write-accounts", "/tmp/x"},
      {"--service-time", "login=1ms"},
      {"--service-time", "login-post"},
      {"--fault", "explode@5%"},
      {"--fault", "stall@10%"},
      {"--fault", "refuse@10%"},
      {"--fault", "status:200"},
      {"--doc-size", "300"},
      {"--session-ttl", "forever"},
      {"--students", "0"},
      {"--no-such-flag"},
  };
  for (const auto& flags : cases) {
    std::vector<std::string> args{"sim"};
    args.insert(args.end(), flags.begin(), flags.end());
    auto r = run_rollcall(args, std::chrono::seconds(20));
    std::string shown;
    for (const auto& f : flags) shown += f + " ";
    INFO(shown << "-> " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("rollcall: error: ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("a port in use is a usage error", "[sim][cli]") {
  auto log = test_dir("sim-cli-busy") + "/sim.log";
  BackgroundProcess first({ROLLCALL_BINARY, "sim", "--port", "0"}, log);
  std::string line;
  auto port = wait_for_listening(log, line);
  REQUIRE(port != 0);
  auto second = run_rollcall({"sim", "--port", std::to_string(port)}, std::chrono::seconds(20));
  CHECK(second.exit_code == 2);
  CHECK(second.err.rfind("rollcall: error: cannot listen on 127.0.0.1:" + std::to_string(port), 0) == 0);
  first.stop(SIGTERM);
}
