// Ctrl-C moves the end of the run to now and its hard stop to now + grace:
// waits armed before the signal (a think time, a request timeout, the next
// arrival) must not outlast that, and what they cut is counted unfinished.
#include <signal.h>

#include <thread>

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "support/stub_server.hpp"

using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

// Sends SIGINT and returns how long the process took to exit after it; the
// process is killed, and the exit code not 3, past `limit`.
double seconds_to_exit(BackgroundProcess& p, int& code, std::chrono::milliseconds limit) {
  const auto signalled = std::chrono::steady_clock::now();
  code = p.stop(SIGINT, limit);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
}

}  // namespace

TEST_CASE("Ctrl-C keeps --grace: a 30 s think time armed before it ends within the grace period") {
  StubServer server;
  const std::string dir = test_dir("grace-think");
  const std::string file = write_file(dir, "s.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /a
        name: a
      - think: 30s
      - get: /b
        name: b
)");
  BackgroundProcess run({ROLLCALL_BINARY, "run", file, "--target", server.url("/"), "--rate", "10", "-t", "1", "-d", "60s",
                         "--grace", "1s", "--json", dir + "/result.json"},
                        dir + "/output.txt");
  server.wait_for_requests(5);
  int code = 0;
  const double took = seconds_to_exit(run, code, 15000ms);
  INFO(read_file(dir + "/output.txt"));
  CHECK(code == 3);
  // The grace period, the summary and the results: not the 30 s think time.
  CHECK(took < 6.0);
  const auto json = read_json(dir + "/result.json");
  const auto& persona = json.at("personas").as_array()[0].as_object();
  CHECK(number(persona.at("started")) >= 5);
  CHECK(number(persona.at("abandoned")) == number(persona.at("started")));
  CHECK(number(json.at("accounting").as_object().at("difference")) == 0);
}

TEST_CASE("Ctrl-C keeps --grace: a request stalled under a 60 s timeout is cut at the grace period and counted unfinished") {
  StubServer server;
  server.set_delay(30000ms);
  const std::string dir = test_dir("grace-request");
  const std::string file = write_file(dir, "s.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /slow
        name: slow
        timeout: 60s
)");
  BackgroundProcess run({ROLLCALL_BINARY, "run", file, "--target", server.url("/"), "--vus", "3", "-t", "1", "-d", "60s",
                         "--grace", "1s", "--json", dir + "/result.json"},
                        dir + "/output.txt");
  server.wait_for_requests(3);
  int code = 0;
  const double took = seconds_to_exit(run, code, 15000ms);
  INFO(read_file(dir + "/output.txt"));
  CHECK(code == 3);
  CHECK(took < 6.0);
  const auto json = read_json(dir + "/result.json");
  const auto& accounting = json.at("accounting").as_object();
  CHECK(number(accounting.at("unfinished")) == 3);
  CHECK(number(accounting.at("attempts")) == 3);
  CHECK(number(accounting.at("difference")) == 0);
}

TEST_CASE("Ctrl-C on a bench: requests stalled under a 60 s timeout end with the grace period, unfinished") {
  StubServer server;
  server.set_delay(30000ms);
  const std::string dir = test_dir("grace-bench");
  BackgroundProcess bench({ROLLCALL_BINARY, "bench", server.url("/"), "-c", "2", "-t", "1", "-d", "60s", "--timeout",
                           "60s", "--json", dir + "/result.json"},
                          dir + "/output.txt");
  server.wait_for_requests(2);
  int code = 0;
  const double took = seconds_to_exit(bench, code, 15000ms);
  INFO(read_file(dir + "/output.txt"));
  CHECK(code == 3);
  CHECK(took < 6.0);  // bench's grace: the request timeout, 2 s at most
  const auto json = read_json(dir + "/result.json");
  CHECK(number(json.at("unfinished")) == 2);
  CHECK(number(json.at("accounting").as_object().at("difference")) == 0);
}
