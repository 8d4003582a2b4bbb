// rollcall bench against a server that misbehaves on cue.
#include <thread>

#include <catch2/catch.hpp>

#include "integration/bench_helpers.hpp"
#include "support/stub_server.hpp"

using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

// Runs bench on a thread so that the test can act on the server meanwhile.
template <class DuringRun>
BenchRun bench_while(const std::string& name, std::vector<std::string> args, DuringRun during) {
  BenchRun result;
  std::thread runner([&] { result = bench(name, std::move(args)); });
  during();
  runner.join();
  return result;
}

}  // namespace

TEST_CASE("open model has no coordinated omission: a 1 s stall shows in p99, closed model hides it") {
  // 5 s at 200 req/s with a 1 s stall in the middle: one request in five was
  // due during the stall, so the open model's p99 must be close to 1 s. The
  // stall starts once the server has received 400 requests, not after a
  // fixed sleep, so that a slow start of the run cannot push it past the end.
  StubServer open_server;
  auto open = bench_while("co-open", {open_server.url(), "--rate", "200", "-c", "20", "-t", "1", "-d", "5s"}, [&] {
    open_server.wait_for_requests(400);
    open_server.stall_for(1000ms);
  });
  INFO(open.process.err);
  REQUIRE(open.process.exit_code == 0);
  CHECK(field(open.json, "errors_total") == 0);
  // What a stall of the generator near the end leaves unsent or in flight
  // is missing; more than the schedule never comes.
  CHECK(field(open.json, "schedule", "due") == 1000);
  CHECK(field(open.json, "requests") <= 1000);
  CHECK(field(open.json, "requests") >= 950);
  CHECK(field(open.json, "latency_ms", "p99") > 500);
  CHECK(field(open.json, "latency_ms", "p90") > 100);
  CHECK(field(open.json, "latency_ms", "max") > 900);

  // The same stall in the closed model: each of the 20 connections waits
  // once, a handful of slow requests among thousands.
  StubServer closed_server;
  auto closed = bench_while("co-closed", {closed_server.url(), "-c", "20", "-t", "1", "-d", "5s"}, [&] {
    closed_server.wait_for_requests(1);
    std::this_thread::sleep_for(2s);
    closed_server.stall_for(1000ms);
  });
  REQUIRE(closed.process.exit_code == 0);
  INFO("closed model: " << field(closed.json, "requests") << " requests");
  CHECK(field(closed.json, "latency_ms", "max") > 900);
  // A quarter of the stall: the 20 slow requests are under 1% as long as the
  // stub answers 500/s, a tenth of what it does on an idle machine.
  CHECK(field(closed.json, "latency_ms", "p99") < 250);
  CHECK(field(closed.json, "latency_ms", "p99") < field(open.json, "latency_ms", "p99") / 4);
}

TEST_CASE("a response slower than --timeout is a read timeout") {
  StubServer server;
  server.set_delay(2000ms);
  auto run = bench("timeout", {server.url(), "--timeout", "300ms", "-c", "2", "-t", "1", "-d", "1s"});
  REQUIRE(run.process.exit_code == 0);
  CHECK(field(run.json, "requests") == 0);
  CHECK(field(run.json, "errors", "timeout_read") >= 4);
  CHECK(field(run.json, "errors", "timeout_read") <= 8);
  CHECK(field(run.json, "errors_total") == field(run.json, "errors", "timeout_read"));
}

TEST_CASE("a malformed response is counted, not fatal") {
  StubServer server;
  server.set_response("HTTP/1.1 two hundred OK\r\n\r\n");
  auto run = bench("malformed", {server.url(), "-c", "2", "-t", "1", "-d", "1s"});
  REQUIRE(run.process.exit_code == 0);
  CHECK(field(run.json, "errors", "malformed") > 10);
  CHECK(field(run.json, "requests") == 0);
}

TEST_CASE("a connection closed before the response ends is counted as closed") {
  StubServer server;
  server.set_response("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly a part");
  auto run = bench("truncated", {server.url(), "-c", "2", "-t", "1", "-d", "1s"});
  REQUIRE(run.process.exit_code == 0);
  CHECK(field(run.json, "errors", "closed") > 10);
}

TEST_CASE("5xx answers are counted in their class with their latency") {
  StubServer server;
  server.set_response("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");
  auto run = bench("5xx", {server.url(), "-c", "2", "-t", "1", "-d", "1s"});
  REQUIRE(run.process.exit_code == 0);
  CHECK(field(run.json, "requests") > 10);
  CHECK(field(run.json, "errors", "http_5xx") == field(run.json, "requests"));
}

TEST_CASE("a target that dies mid-run leaves a finished run with errors in it") {
  StubServer server;
  // Killed once the run is under way (50 requests served), not after a
  // fixed sleep that a loaded machine can spend starting the program.
  auto run = bench_while("dies", {server.url(), "-c", "4", "-t", "1", "-d", "2s"}, [&] {
    server.wait_for_requests(50);
    server.kill();
  });
  INFO(run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(field(run.json, "requests") > 10);
  CHECK(field(run.json, "errors", "refused") > 0);
  CHECK(field(run.json, "errors_total") > 0);
  CHECK(run.process.out.find("refused") != std::string::npos);
}
