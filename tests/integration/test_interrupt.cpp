// Ctrl-C during a run: the summary still comes, the exit code says aborted.
#include <signal.h>

#include <thread>

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "support/stub_server.hpp"

using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("SIGINT stops a bench early with its summary and exit code 3") {
  StubServer server;
  const std::string dir = test_dir("interrupt-bench");
  const auto spawned = std::chrono::steady_clock::now();
  BackgroundProcess bench({ROLLCALL_BINARY, "bench", server.url("/small.txt"), "-c", "4", "-t", "1", "-d", "60s",
                           "--json", dir + "/result.json"},
                          dir + "/output.txt");
  // 200 requests received: at least 196 answered (4 connections); one second
  // more makes the run at least that long whatever its start cost.
  server.wait_for_requests(200);
  std::this_thread::sleep_for(1s);
  const int code = bench.stop(SIGINT, 10000ms);
  const double lifetime = seconds_since(spawned);
  CHECK(code == 3);
  const auto json = read_json(dir + "/result.json");
  CHECK(json.at("interrupted").as_bool());
  CHECK(number(json.at("duration_s")) > 1.0);
  CHECK(number(json.at("duration_s")) < lifetime);
  CHECK(number(json.at("requests")) >= 196);
  CHECK(number(json.at("requests")) <= static_cast<double>(server.requests()));
  CHECK(number(json.at("errors_total")) == 0);
  CHECK(read_file(dir + "/output.txt").find("interrupted  after") != std::string::npos);
}

TEST_CASE("SIGTERM stops a scenario run: journeys under way finish, none starts") {
  StubServer server;
  const std::string dir = test_dir("interrupt-run");
  const std::string file = write_file(dir, "s.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /a
        name: a
      - think: 300ms
      - get: /a
        name: b
)");
  const auto spawned = std::chrono::steady_clock::now();
  BackgroundProcess run({ROLLCALL_BINARY, "run", file, "--target", server.url("/"), "--rate", "20", "--arrivals", "uniform",
                         "-t", "1", "-d", "60s", "--json", dir + "/result.json"},
                        dir + "/output.txt");
  server.wait_for_requests(20);
  const double before_signal = seconds_since(spawned);
  const int code = run.stop(SIGTERM, 10000ms);
  CHECK(code == 3);
  const auto json = read_json(dir + "/result.json");
  CHECK(json.at("interrupted").as_bool());
  CHECK(number(json.at("duration_s")) < 30);
  const auto& persona = json.at("personas").as_array()[0].as_object();
  // Two requests per journey: 20 received means at least 10 journeys.
  const double started = number(persona.at("started"));
  CHECK(started >= 10);
  // Evenly spaced at 20/s from a start later than the spawn: no more were
  // due by the signal.
  CHECK(started <= 20 * before_signal + 1);
  // Every journey started before the signal ended, none was cut (the
  // server saw both requests of each), and none started after it.
  CHECK(number(persona.at("completed")) == started);
  CHECK(static_cast<double>(server.requests()) == 2 * started);
}
