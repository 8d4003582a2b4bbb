#include <catch2/catch.hpp>

#include "engine/intervals.hpp"

using namespace rollcall::engine;

namespace {

// Something in every kind of field a set holds.
void count_a_little(JourneyStats& s, const std::string& line) {
  auto& step = s.step(line);
  step.add(Outcome::http_error, rollcall::http::Failure::none);
  step.latency.record(1'500);
  step.queued_latency.record(2'000'000);
  step.rejected_latency.record(7);
  step.missing_variables.insert("token");
  step.expectation_messages.insert("no 'Bonjour'");
  step.failure_details.push_back(FailureDetail{line, 500, "/", "text/html", "500", "oops", {}});
  step.retries = step.restarts = step.gave_up = step.bytes_read = step.decoded_bytes = 3;
  auto& p = s.persona(0);
  p.add(Outcome::success, rollcall::http::Failure::none);
  p.started = p.completed = p.failed = p.abandoned = p.gave_up = p.retries = p.restarts = 2;
  p.journey_time.record(900'000);
  p.waiting_time.record(300'000);
  s.start_lag.record(40);
  s.loop_lag.record(120);
  s.requests = s.bytes_read = s.decoded_bytes = s.connects = s.tls_full = s.tls_resumed = 5;
  s.feeder_exhausted = s.retry_requests = s.refresh_requests = s.not_sent = s.unfinished = 5;
  s.stale_retries = s.internal_errors = s.arrivals = s.scheduled = s.users_running = 5;
}

void require_empty(const JourneyStats& s) {
  for (const auto& step : s.steps()) {
    INFO(step.name);
    CHECK(step.count() == 0);
    CHECK(step.errors() == 0);
    for (auto f : step.failures) CHECK(f == 0);
    CHECK(step.latency.count() == 0);
    CHECK(step.queued_latency.count() == 0);
    CHECK(step.rejected_latency.count() == 0);
    CHECK(step.latency.percentile(99) == 0);
    CHECK(step.missing_variables.empty());
    CHECK(step.expectation_messages.empty());
    CHECK(step.failure_details.empty());
    CHECK(step.retries + step.restarts + step.gave_up + step.bytes_read + step.decoded_bytes == 0);
  }
  for (const auto& p : s.personas()) {
    CHECK(p.count() == 0);
    CHECK(p.started + p.completed + p.failed + p.abandoned + p.gave_up + p.retries + p.restarts == 0);
    CHECK(p.journey_time.count() == 0);
    CHECK(p.waiting_time.count() == 0);
  }
  CHECK(s.start_lag.count() == 0);
  CHECK(s.loop_lag.count() == 0);
  CHECK(s.requests + s.bytes_read + s.decoded_bytes + s.connects + s.tls_full + s.tls_resumed == 0);
  CHECK(s.feeder_exhausted + s.retry_requests + s.refresh_requests + s.not_sent + s.unfinished == 0);
  CHECK(s.stale_retries + s.internal_errors + s.arrivals + s.scheduled + s.users_running == 0);
  CHECK(s.accounted());
}

std::vector<std::string> names(const JourneyStats& s) {
  std::vector<std::string> out;
  for (const auto& step : s.steps()) out.push_back(step.name);
  return out;
}

}  // namespace

TEST_CASE("a recycled interval starts empty, with its lines and personas") {
  IntervalExchange exchange(1);
  JourneyStats lane;
  lane.set_personas({"student"});
  count_a_little(lane, "login");
  count_a_little(lane, "login > cas");

  exchange.deliver(0, 0, lane);
  require_empty(lane);  // the first boundary: a set made like the last
  CHECK(names(lane) == std::vector<std::string>{"login", "login > cas"});

  auto taken = exchange.take_complete();
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].first == 0);
  JourneyStats& interval = taken[0].second;
  CHECK(interval.step("login").latency.count() == 1);
  CHECK(interval.persona(0).journey_time.percentile(50) > 0);
  exchange.recycle(std::move(interval));

  // The next boundary hands the lane the recycled set: nothing of interval
  // 0 or of the lane's interval 1 in it, the lanes' lines kept.
  count_a_little(lane, "portal");
  exchange.deliver(0, 1, lane);
  require_empty(lane);
  CHECK(names(lane) == std::vector<std::string>{"login", "login > cas", "portal"});
  REQUIRE(lane.personas().size() == 1);
  CHECK(lane.personas()[0].name == "student");

  taken = exchange.take_complete();
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].first == 1);
  CHECK(taken[0].second.step("portal").count() == 1);
  CHECK(taken[0].second.step("login").count() == 0);
}

TEST_CASE("two lanes: an interval is merged once both delivered, and the set merged in is reused") {
  IntervalExchange exchange(2);
  JourneyStats a, b;
  a.set_personas({"student"});
  b.set_personas({"student"});
  count_a_little(a, "login");
  count_a_little(b, "logout");

  exchange.deliver(0, 0, a);
  exchange.deliver(1, 0, b);  // merged into a's: b's set goes back to the spares
  auto taken = exchange.take_complete();
  REQUIRE(taken.size() == 1);
  JourneyStats& merged = taken[0].second;
  CHECK(merged.step("login").count() == 1);
  CHECK(merged.step("logout").count() == 1);
  CHECK(merged.persona(0).started == 4);
  CHECK(merged.requests == 10);
  require_empty(a);
  require_empty(b);
  // Lane 1 got its own set back, emptied, with lane 0's line added.
  CHECK(names(b) == std::vector<std::string>{"logout", "login"});

  // Lane 0 gets the merged interval, once read, at its next boundary:
  // empty, with both lanes' lines.
  exchange.recycle(std::move(merged));
  count_a_little(a, "login");
  exchange.deliver(0, 1, a);
  require_empty(a);
  CHECK(names(a) == std::vector<std::string>{"login", "logout"});
  exchange.finish(1, 1, std::move(b));
  exchange.finish(0, 2, std::move(a));
  taken = exchange.take_complete();
  REQUIRE(taken.size() == 2);
  CHECK(taken[0].second.step("login").count() == 1);
  CHECK(taken[1].second.step("login").count() == 0);
  CHECK(exchange.done());
}
