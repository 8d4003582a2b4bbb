// Bad input: one line naming the problem, exit code 2, no stack trace.
#include <catch2/catch.hpp>

#include "support/process.hpp"

using namespace rollcall::test;

namespace {

void expect_usage_error(const std::vector<std::string>& args, const std::string& mention) {
  INFO("rollcall " << [&] { std::string s; for (auto& a : args) s += a + " "; return s; }());
  auto r = run_rollcall(args, std::chrono::seconds(30));
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  REQUIRE(!r.err.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.find(mention) != std::string::npos);
  CHECK(r.err.find("terminate") == std::string::npos);
}

}  // namespace

TEST_CASE("bad input to rollcall bench") {
  expect_usage_error({"bench", "not a url"}, "invalid URL");
  expect_usage_error({"bench", "ftp://127.0.0.1/"}, "scheme must be http or https");
  expect_usage_error({"bench", "http://127.0.0.1:0/"}, "port");
  expect_usage_error({"bench", "--no-such-flag", "http://127.0.0.1/"}, "--no-such-flag");
  expect_usage_error({"bench", "--rate", "0", "http://127.0.0.1/"}, "--rate must be a positive");
  expect_usage_error({"bench", "--rate", "-5", "http://127.0.0.1/"}, "--rate");
  expect_usage_error({"bench", "-d", "ten", "http://127.0.0.1/"}, "--duration 'ten'");
  expect_usage_error({"bench", "-c", "0", "http://127.0.0.1/"}, "--connections");
  expect_usage_error({"bench", "-H", "NoColon", "http://127.0.0.1/"}, "invalid header");
  expect_usage_error({"bench", "--method", "GE T", "http://127.0.0.1/"}, "invalid HTTP method");
  expect_usage_error({"bench", "-c", "1000000", "http://127.0.0.1:9/"}, "file descriptors");
  expect_usage_error({"bench"}, "url");
  expect_usage_error({"nonsense"}, "nonsense");
}

TEST_CASE("an unreachable host is a usage error before any load") {
  // Port 9 (discard) has no listener on these machines; .invalid never resolves (RFC 6761).
  expect_usage_error({"bench", "-d", "1s", "http://127.0.0.1:9/"}, "cannot connect to http://127.0.0.1:9");
  expect_usage_error({"bench", "-d", "1s", "http://no-such-host.invalid/"}, "cannot resolve host 'no-such-host.invalid'");
}

TEST_CASE("a source address that is not this machine's is a usage error before any load") {
  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): configured on no machine. The
  // check comes before the target is even probed: port 9 has no listener.
  expect_usage_error({"bench", "-d", "1s", "--source-ip", "192.0.2.1", "http://127.0.0.1:9/"},
                     "--source-ip 192.0.2.1: not an address of this machine");
  expect_usage_error({"bench", "-d", "1s", "--source-ip", "127.0.0.9-127.0.0.2", "http://127.0.0.1:9/"},
                     "ends before it starts");
  const std::string student = std::string(ROLLCALL_SOURCE_DIR) + "/scenarios/student.yaml";
  expect_usage_error({"run", student, "--target", "http://127.0.0.1:9/", "--source-ip", "127.0.0.2,192.0.2.7"},
                     "--source-ip 192.0.2.7: not an address of this machine");
  expect_usage_error({"run", student, "--target", "http://127.0.0.1:9/", "--source-ip", "::1"},
                     "the target is reached over IPv4");
}

TEST_CASE("bad ramp-ups are usage errors") {
  const std::string student = std::string(ROLLCALL_SOURCE_DIR) + "/scenarios/student.yaml";
  expect_usage_error({"run", student, "--target", "http://127.0.0.1:9/", "--rate", "5", "--ramp-up", "2s"},
                     "an open model (--rate) has no users to start");
  expect_usage_error({"run", student, "--target", "http://127.0.0.1:9/", "--vus", "5", "-d", "10s", "--ramp-up", "10s"},
                     "--ramp-up 10s must be shorter than --duration 10s");
  expect_usage_error({"run", student, "--target", "http://127.0.0.1:9/", "--vus", "5", "--ramp-up", "soon"},
                     "--ramp-up 'soon'");
}
