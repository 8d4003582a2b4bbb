// What people do when the ENT fails or holds them back: retries, restarts
// and giving up (on_failure), waiting rooms and quota pages (admission), and
// the load that a retrying population adds to a saturated ENT.
#include <atomic>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"
#include "support/stub_server.hpp"

using namespace rollcall;
using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

double at(const boost::json::object& o, const char* key) { return number(o.at(key)); }

std::string failing_scenario(const std::string& dir, const std::string& target, const std::string& policy) {
  return write_file(dir, "scenario.yaml",
                    "target: " + target + "\n"
                    "personas:\n"
                    "  student:\n"
                    "    flow:\n"
                    "      - get: /cas/login\n"
                    "        name: login\n"
                    "        expect: {status: 200}\n"
                    "    on_failure: " + policy + "\n");
}

}  // namespace

TEST_CASE("retry then restart then give up: exact counts for a step that always fails") {
  StubServer stub;
  stub.set_response("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\nerror");
  const std::string dir = test_dir("on-failure-exact");
  const auto file = failing_scenario(dir, stub.url(), "{retry: {times: 2, after: 10ms}, restart: {times: 1, after: 10ms}}");
  // Two arrivals (at 0 and 0.5 s). Each tries the step 3 times, reloads
  // once, tries 3 times more, then leaves.
  auto run = run_scenario("on-failure-exact", file, {"--no-default-slo", "--rate", "2", "-d", "1s", "--seed", "7"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  const auto& login = run.step("login");
  CHECK(at(login, "count") == 12);
  CHECK(at(login, "errors") == 12);
  CHECK(at(login, "retries") == 8);
  CHECK(at(login, "restarts") == 2);
  CHECK(at(login, "gave_up") == 2);
  const auto& student = run.persona("student");
  CHECK(at(student, "started") == 2);
  CHECK(at(student, "retries") == 8);
  CHECK(at(student, "restarts") == 2);
  CHECK(at(student, "gave_up") == 2);
  CHECK(at(student, "abandoned") == 2);
  CHECK(at(student, "failed") == 0);
  CHECK(run.total("requests") == 12);
  CHECK(run.total("retry_requests") == 10);  // all but each journey's first request
  CHECK(stub.requests() == 12);
}

TEST_CASE("without on_failure a failed step ends the journey, once") {
  StubServer stub;
  stub.set_response("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\nerror");
  const std::string dir = test_dir("on-failure-none");
  auto run = run_scenario("on-failure-none", failing_scenario(dir, stub.url(), "none"), {"--no-default-slo", "--rate", "2", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  CHECK(at(run.step("login"), "count") == 2);
  CHECK(at(run.persona("student"), "failed") == 2);
  CHECK(at(run.persona("student"), "gave_up") == 0);
  CHECK(run.total("retry_requests") == 0);
}

TEST_CASE("patience ends the retries: the user gives up within its budget") {
  StubServer stub;
  stub.set_response("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");
  const std::string dir = test_dir("on-failure-patience");
  const auto file = failing_scenario(dir, stub.url(), "{retry: {times: 100, after: 100ms}, patience: 1s}");
  auto run = run_scenario("on-failure-patience", file, {"--no-default-slo", "--rate", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  const auto& student = run.persona("student");
  CHECK(at(student, "started") == 1);
  CHECK(at(student, "gave_up") == 1);
  // About ten tries fit in a second of patience with 100 ms between them.
  CHECK(at(student, "retries") >= 5);
  CHECK(at(student, "retries") <= 10);
}

TEST_CASE("a waiting room is queued, not an error: users wait as the page says and get in") {
  sim::Config c;
  c.port = 0;
  c.workers = 1;
  c.queue = 0;
  c.waiting_room = true;
  c.retry_after = 1s;
  c.service_time[static_cast<std::size_t>(sim::Endpoint::login_form)] = 150ms;
  sim::Simulator ent(c);
  ent.start();
  const std::string dir = test_dir("waiting-room");
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + ent.url() + "\n"
                               "admission:\n"
                               "  queued: {when: {header: {X-ENT-Admission: waiting-room}}}\n"
                               "personas:\n"
                               "  student:\n"
                               "    flow:\n"
                               "      - get: /cas/login\n"
                               "        name: login\n"
                               "        expect: {status: 200, contains: execution}\n");
  // Four users at once for a server that serves one at a time: three wait.
  auto run = run_scenario("waiting-room", file, {"--no-default-slo", "--rate", "20", "-d", "200ms", "--grace", "20s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  const auto& login = run.step("login");
  const auto& student = run.persona("student");
  CHECK(at(student, "started") == 4);
  CHECK(at(student, "completed") == 4);
  CHECK(at(login, "errors") == 0);
  CHECK(at(login, "queued") >= 2);
  CHECK(at(student, "queued") == at(login, "queued"));
  CHECK(run.total("refresh_requests") == at(login, "queued"));
  // Those who waited waited about a Retry-After each time, and their
  // journey's time includes it.
  CHECK(at(student, "waited") >= 2);
  const auto& waiting = student.at("waiting_ms").as_object();
  CHECK(at(waiting, "max") >= 1000);
  CHECK(at(student.at("journey_ms").as_object(), "max") >= at(waiting, "max"));
  CHECK(run.process.out.find("queued (waiting room)") != std::string::npos);
}

TEST_CASE("a quota page is rejected, not an error, per step and per persona") {
  sim::Config c;
  c.port = 0;
  c.workers = 1;
  c.queue = 0;
  c.service_time[static_cast<std::size_t>(sim::Endpoint::login_form)] = 300ms;
  sim::Simulator ent(c);
  ent.start();
  const std::string dir = test_dir("quota");
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + ent.url() + "\n"
                               "admission:\n"
                               "  rejected: {when: {status: 503, contains: Quota}}\n"
                               "personas:\n"
                               "  student:\n"
                               "    flow:\n"
                               "      - get: /cas/login\n"
                               "        name: login\n");
  auto run = run_scenario("quota", file, {"--no-default-slo", "--rate", "20", "-d", "200ms"});
  INFO(run.process.out << run.process.err);
  const auto& login = run.step("login");
  CHECK(at(login, "count") == 4);
  CHECK(at(login, "rejected") == 3);
  CHECK(at(login, "errors") == 0);
  CHECK(at(run.persona("student"), "rejected") == 3);
  CHECK(at(run.persona("student"), "completed") == 1);
  CHECK(run.total("rejected") == 3);
  CHECK(at(login.at("rejected_latency_ms").as_object(), "max") < 300);
}

TEST_CASE("a retrying population amplifies the load on a saturated ENT and keeps its queue full longer") {
  // Capacity: 2 workers x 100 ms = 20 logins/s, 2 more may wait. Offered:
  // 60/s for 3 s, the same arrivals with and without retries.
  struct Outcome {
    double requests = 0, started = 0, timeline_arrivals = 0, timeline_retries = 0;
    std::uint64_t turned_away = 0;
    double busy_seconds = 0;  // how long the ENT had a backlog
  };
  auto measure = [](const std::string& name, const std::string& policy) {
    sim::Config c;
    c.port = 0;
    c.workers = 2;
    c.queue = 2;
    c.service_time[static_cast<std::size_t>(sim::Endpoint::login_form)] = 100ms;
    sim::Simulator ent(c);
    ent.start();
    const std::string dir = test_dir(name);
    const auto file = write_file(dir, "scenario.yaml",
                                 "target: " + ent.url() + "\n"
                                 "admission:\n"
                                 "  rejected: {when: {header: {X-ENT-Admission: quota}}}\n"
                                 "personas:\n"
                                 "  student:\n"
                                 "    flow:\n"
                                 "      - get: /cas/login\n"
                                 "        name: login\n"
                                 "    on_failure: " + policy + "\n");
    std::atomic<bool> done{false};
    Outcome o;
    std::thread watcher([&] {
      // Time with at least one request in service, sampled every 10 ms.
      int busy_ticks = 0;
      while (!done) {
        if (ent.stats().busy > 0) ++busy_ticks;
        std::this_thread::sleep_for(10ms);
      }
      o.busy_seconds = busy_ticks / 100.0;
    });
    auto run = run_scenario(name, file, {"--no-default-slo", "--rate", "60", "-d", "3s", "--seed", "3", "--grace", "15s"});
    done = true;
    watcher.join();
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    o.requests = run.total("requests");
    o.started = run.total("journeys_started");
    for (const auto& s : run.json.at("timeline").as_array()) {
      o.timeline_arrivals += at(s.as_object(), "arrivals");
      o.timeline_retries += at(s.as_object(), "retry_requests");
    }
    o.turned_away = ent.stats().turned_away;
    return o;
  };
  const Outcome robots = measure("amplification-none", "none");
  const Outcome people = measure("amplification-retry", "{retry: {times: 5, after: {uniform: [500ms, 1500ms]}}}");
  INFO("requests " << robots.requests << " vs " << people.requests << ", turned away " << robots.turned_away << " vs "
                   << people.turned_away << ", busy " << robots.busy_seconds << "s vs " << people.busy_seconds << "s");
  // The same offered arrivals...
  CHECK(robots.started == 180);
  CHECK(people.started == 180);
  CHECK(people.timeline_arrivals == 180);
  // ...cost measurably more requests when people retry, seen over time too...
  CHECK(robots.requests == 180);
  CHECK(people.requests >= 1.5 * robots.requests);
  CHECK(people.timeline_retries == people.requests - 180);
  CHECK(people.turned_away > robots.turned_away);
  // ...and keep the ENT busy well after the arrivals stop.
  CHECK(people.busy_seconds >= robots.busy_seconds + 1.0);
}
