// Machines that share a test: --start-at makes them start at one instant,
// refuses a time already past or a clock far from the target's, and
// capacity --segment runs the same fixed staircase on each.
#include <algorithm>
#include <cmath>
#include <functional>
#include <filesystem>
#include <future>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "common/instant.hpp"
#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"
#include "support/stub_server.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

std::string stub_scenario(const std::string& dir, const std::string& url) {
  return write_file(dir, "scenario.yaml",
                    "target: " + url + "\n"
                    "personas:\n"
                    "  student: {flow: [{get: /, name: home}]}\n");
}

// The records of a results stream, in order.
std::vector<boost::json::object> stream_records(const std::string& dir) {
  std::vector<boost::json::object> out;
  std::istringstream lines(read_file(dir + "/results.jsonl"));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.push_back(boost::json::parse(line).as_object());
  return out;
}

std::vector<boost::json::object> of_type(const std::vector<boost::json::object>& records, const char* type) {
  std::vector<boost::json::object> out;
  for (const auto& r : records)
    if (r.at("type").as_string() == type) out.push_back(r);
  return out;
}

std::string unix_text(double t) { return fmt::format("{:.3f}", t); }

}  // namespace

TEST_CASE("run --start-at two seconds ahead: the run waits, and starts at the instant") {
  StubServer stub;
  stub.set_clock_offset(std::chrono::seconds(0));
  const std::string dir = test_dir("start-at-wait");
  const auto file = stub_scenario(dir, stub.url());
  std::filesystem::remove_all(dir + "/results");
  const double at = std::round((epoch_now() + 2.0) * 1000) / 1000;
  const auto run = run_rollcall({"run", file, "--rate", "5", "-d", "2s", "--arrivals", "uniform", "-t", "1", "-q",
                                 "--start-at", unix_text(at), "--out", dir + "/results"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("waiting for --start-at " + unix_text(at)) != std::string::npos);
  CHECK(run.err.find(format_rfc3339(at)) != std::string::npos);
  // The first arrival is due at the start itself: its request reached
  // the target then, not when the process was ready.
  const double first = stub.first_get_at();
  INFO(fmt::format("first GET {:.3f} s after the instant", first - at));
  CHECK(first >= at - 0.005);
  CHECK(first <= at + 0.05);
  const auto records = stream_records(dir + "/results");
  REQUIRE_FALSE(records.empty());
  const auto& run_record = records.front();
  CHECK(number(run_record.at("start_at")) == Approx(at).margin(1e-6));
  CHECK(number(run_record.at("started_at")) == Approx(at).margin(1e-6));
  CHECK_FALSE(run_record.contains("segment"));  // one machine: the whole run
  const auto summary = read_json(dir + "/results/summary.json");
  CHECK(number(summary.at("start_at")) == Approx(at).margin(1e-6));
}

TEST_CASE("run --start-at five seconds ago is refused before anything is sent") {
  StubServer stub;
  const std::string dir = test_dir("start-at-past");
  const auto file = stub_scenario(dir, stub.url());
  std::filesystem::remove_all(dir + "/results");
  const double at = epoch_now() - 5;
  const auto run = run_rollcall({"run", file, "--rate", "5", "-d", "2s", "-q", "--start-at", unix_text(at), "--out",
                                 dir + "/results"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("--start-at " + unix_text(at)) != std::string::npos);
  CHECK(run.err.find("passed") != std::string::npos);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);  // one line
  CHECK(stub.requests() == 0);
  CHECK_FALSE(std::filesystem::exists(dir + "/results"));

  // Garbage is told as such, before the scenario is even read.
  const auto garbage = run_rollcall({"run", dir + "/no-such-file.yaml", "--start-at", "tomorrow 8:30"});
  CHECK(garbage.exit_code == 2);
  CHECK(garbage.err.find("--start-at 'tomorrow 8:30' is not a time") != std::string::npos);
  const auto capacity = run_rollcall({"capacity", dir + "/no-such-file.yaml", "--start-at", "2026-12-05T08:30:00"});
  CHECK(capacity.exit_code == 2);
  CHECK(capacity.err.find("has no offset") != std::string::npos);
}

TEST_CASE("a target whose Date is 30 s off is refused: the clocks do not agree") {
  StubServer stub;
  stub.set_clock_offset(std::chrono::seconds(30));
  const std::string dir = test_dir("start-at-skew");
  const auto file = stub_scenario(dir, stub.url());
  std::filesystem::remove_all(dir + "/results");
  const auto run = run_rollcall({"run", file, "--rate", "5", "-d", "2s", "-q", "--start-at", unix_text(epoch_now() + 5),
                                 "--out", dir + "/results"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 2);
  // Date has a resolution of one second: the skew read is 30 s to within one.
  const auto at = run.err.find("clock is about ");
  REQUIRE(at != std::string::npos);
  const double skew = std::stod(run.err.substr(at + 15));
  CHECK(skew >= 29);
  CHECK(skew <= 31);
  CHECK(run.err.find("behind") != std::string::npos);
  CHECK(run.err.find("synchronise") != std::string::npos);
  CHECK(stub.requests() == 1);  // the HEAD that read its Date, and nothing else
  CHECK(stub.last_head().rfind("HEAD / HTTP/1.1", 0) == 0);
  CHECK(stub.first_get_at() == 0);
  CHECK_FALSE(std::filesystem::exists(dir + "/results"));
}

// The clock check is the first thing --start-at sends: a target that
// misbehaves there gets the same treatment as anywhere else, one line and
// exit 2 within the connect timeout, and nothing else is sent.
TEST_CASE("the clock check against a target that stalls, resets, garbles or never ends its header: one line, exit 2") {
  using namespace std::chrono_literals;
  using End = StubServer::End;
  struct Case {
    const char* name;
    std::function<void(StubServer&)> misbehave;
    const char* said;
  };
  const std::vector<Case> cases = {
      {"stall", [](StubServer& s) { s.set_delay(5000ms); }, "within 1s (connected, then silence)"},
      {"reset", [](StubServer& s) { s.set_pieces({{"HTTP/1.1 200 OK\r\nDa", 0ms, false, 1, End::reset}}); },
       "Connection reset by peer"},
      {"garbled status", [](StubServer& s) { s.set_response("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"); },
       "bad status"},
      {"endless header",
       [](StubServer& s) { s.set_pieces({{"HTTP/1.1 200 OK\r\n"}, {"X-Filler: " + std::string(1000, 'a') + "\r\n", 0ms, true}}); },
       "header limit exceeded"},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      StubServer stub;
      c.misbehave(stub);
      const std::string dir = test_dir("start-at-hostile");
      const auto file = write_file(dir, "scenario.yaml",
                                   "target: " + stub.url() + "\n"
                                   "defaults: {connect_timeout: 1s}\n"
                                   "personas:\n"
                                   "  student: {flow: [{get: /, name: home}]}\n");
      std::filesystem::remove_all(dir + "/results");
      const auto run = run_rollcall({"run", file, "--rate", "5", "-d", "2s", "-q", "--start-at",
                                     unix_text(epoch_now() + 5), "--out", dir + "/results"});
      INFO(c.name << ": " << run.out << run.err);
      CHECK(run.exit_code == 2);
      CHECK(run.err.find(c.said) != std::string::npos);
      CHECK(run.err.find("answer from http://127.0.0.1:") != std::string::npos);
      CHECK(run.err.find(" to HEAD /") != std::string::npos);
      CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
      CHECK(run.wall_s < 4.0);  // the connect timeout (1 s), not the 5 s to the start instant
      CHECK(stub.first_get_at() == 0);
      CHECK_FALSE(std::filesystem::exists(dir + "/results"));
    }
  }
}

TEST_CASE("capacity --segment: two machines climb the same fixed staircase from one instant") {
  sim::Config config;
  config.port = 0;
  config.workers = 64;
  sim::Simulator ent(config);
  ent.start();
  const std::string dir = test_dir("capacity-segments");
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + ent.url() + "\npersonas:\n  student: {flow: [{get: /health, name: health}]}\n");
  const double at = std::round((epoch_now() + 2.5) * 1000) / 1000;
  auto segment = [&](const std::string& which, const std::string& out) {
    std::filesystem::remove_all(out);
    return run_rollcall({"capacity", file, "--segment", which, "--start-at", unix_text(at), "--start-rate", "10",
                         "--growth", "2", "--max-rate", "20", "--hold", "2s", "--transient", "1s", "--min-journeys", "10",
                         "--arrivals", "uniform", "--no-recovery-check", "-t", "1", "-q", "--out", out,
                         // Loose objectives: rungs of seconds, not the minute
                         // that `errors < 1%` and a p95 need at 10/s.
                         "--slo", "health.p50 < 1s", "--slo", "errors < 10%"},
                        std::chrono::seconds(120));
  };
  auto first = std::async(std::launch::async, segment, "1/2", dir + "/one");
  auto second = std::async(std::launch::async, segment, "2/2", dir + "/two");
  const auto one = first.get();
  const auto two = second.get();
  INFO(one.out << one.err << two.out << two.err);
  REQUIRE(one.exit_code != 2);
  REQUIRE(two.exit_code != 2);
  const auto records_one = stream_records(dir + "/one");
  const auto records_two = stream_records(dir + "/two");
  REQUIRE_FALSE(records_one.empty());
  REQUIRE_FALSE(records_two.empty());
  // The run record says which part, and the instant both started at.
  CHECK(number(records_one.front().at("segment").as_object().at("index")) == 1);
  CHECK(number(records_one.front().at("segment").as_object().at("count")) == 2);
  CHECK(number(records_two.front().at("segment").as_object().at("index")) == 2);
  CHECK(number(records_one.front().at("started_at")) == Approx(at).margin(1e-6));
  CHECK(number(records_two.front().at("started_at")) == Approx(at).margin(1e-6));
  const auto steps_one = of_type(records_one, "capacity_step");
  const auto steps_two = of_type(records_two, "capacity_step");
  // 10/s, then 20/s (the maximum): the whole run's rates, on both machines,
  // in the same windows; each machine offered half.
  REQUIRE(steps_one.size() == 2);
  REQUIRE(steps_two.size() == 2);
  const double rates[] = {10, 20};
  for (std::size_t i = 0; i < 2; ++i) {
    INFO("rung " << i);
    const auto& a = steps_one[i];
    const auto& b = steps_two[i];
    CHECK(number(a.at("offered_per_s")) == rates[i]);
    CHECK(number(b.at("offered_per_s")) == rates[i]);
    CHECK(number(a.at("start_s")) == number(b.at("start_s")));
    CHECK(number(a.at("end_s")) == Approx(number(b.at("end_s"))).margin(0.01));
    CHECK(number(a.at("discard_s")) == 1);
    const double mine = number(a.at("segment_offered_per_s"));
    const double theirs = number(b.at("segment_offered_per_s"));
    CHECK(mine == Approx(rates[i] / 2).epsilon(0.1));
    CHECK(mine + theirs == Approx(rates[i]).epsilon(0.05));
  }
  // Rung 1 starts where rung 0's hold (its length fixed by the flags and
  // the objectives' samples, the same on both machines) and the gap
  // between rungs (2 s) end.
  CHECK(number(steps_one[0].at("start_s")) == Approx(0).margin(1e-9));
  CHECK(number(steps_one[1].at("start_s")) == Approx(number(steps_one[0].at("end_s")) + 2).margin(0.01));
  CHECK(number(steps_one[1].at("start_s")) == number(steps_two[1].at("start_s")));
  // The intervals of both streams are on the shared clock: whole seconds
  // from the instant, within the rungs.
  for (const auto* records : {&records_one, &records_two})
    for (const auto& interval : of_type(*records, "interval")) {
      const double t = number(interval.at("t_s"));
      CHECK(t == Approx(std::round(t)).margin(1e-6));
    }
}
