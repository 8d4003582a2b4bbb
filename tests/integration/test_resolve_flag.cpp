// --resolve aims a host name at a local address: the requests go there with
// the name's Host header, in bench, run and capacity alike.
#include <catch2/catch.hpp>

#include "integration/bench_helpers.hpp"
#include "integration/run_helpers.hpp"
#include "support/stub_server.hpp"

using namespace rollcall::test;

TEST_CASE("resolve flag: a run against a production name reaches the pinned address with that name's Host header") {
  StubServer server;
  const std::string port = std::to_string(server.port());
  const std::string dir = test_dir("resolve-run");
  const auto file = write_file(dir, "s.yaml", "target: http://ent.example.fr:" + port + "/\n" + R"(personas:
  user:
    flow:
      - get: /portal
        name: portal
        expect: {status: 200, contains: ok}
)");
  auto run = run_scenario("resolve-run", file,
                          {"--resolve", "ent.example.fr:" + port + ":127.0.0.1", "--vus", "1", "-t", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(number(run.step("portal").at("count")) >= 1);
  CHECK(number(run.step("portal").at("errors")) == 0);
  CHECK(server.last_head().find("Host: ent.example.fr:" + port + "\r\n") != std::string::npos);
}

TEST_CASE("resolve flag: bench reaches the pinned address, and a bad value is a usage error before any request") {
  StubServer server;
  const std::string port = std::to_string(server.port());
  auto run = bench("resolve", {"http://ent.example.fr:" + port + "/", "--resolve", "ent.example.fr:" + port + ":127.0.0.1",
                               "-c", "1", "-t", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(field(run.json, "requests") >= 1);
  CHECK(field(run.json, "errors_total") == 0);
  CHECK(server.last_head().find("Host: ent.example.fr:" + port + "\r\n") != std::string::npos);

  auto bad = bench("resolve-bad", {"http://ent.example.fr:" + port + "/", "--resolve", "ent.example.fr:" + port, "-d", "1s"});
  CHECK(bad.process.exit_code == 2);
  CHECK(bad.process.err.find("--resolve ent.example.fr:" + port + ": no address") != std::string::npos);
  CHECK(server.requests() == static_cast<std::uint64_t>(field(run.json, "requests")));
}
