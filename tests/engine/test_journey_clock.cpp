// A journey's timeline: what each duration is measured from.
#include <catch2/catch.hpp>

#include "engine/journey_clock.hpp"

using namespace rollcall::engine;
using std::chrono::milliseconds;

namespace {
const TimePoint due = TimePoint{} + std::chrono::seconds(100);
}

TEST_CASE("journey clock: a late start shows in the start lag, the first request and the journey time") {
  JourneyClock clock(due);
  const TimePoint woke = due + milliseconds(250);
  CHECK(clock.start_lag(woke) == 250'000);
  // The first request counts from when it was due, not from when it left.
  CHECK(clock.request_sent(woke) == due);
  // A later request counts from when it is sent.
  CHECK(clock.request_sent(woke + milliseconds(40)) == woke + milliseconds(40));
  CHECK(clock.elapsed(woke + milliseconds(1000)) == 1'250'000);
}

TEST_CASE("journey clock: a think time before the first request moves when it is due") {
  JourneyClock clock(due);
  clock.paused(milliseconds(1000));
  // Sent on time after the think: no latency invented.
  CHECK(clock.request_sent(due + milliseconds(1000)) == due + milliseconds(1000));
  // The start lag and the journey time still count from the intended start.
  CHECK(clock.start_lag(due + milliseconds(3)) == 3'000);
  CHECK(clock.elapsed(due + milliseconds(1500)) == 1'500'000);
}

TEST_CASE("journey clock: a first request sent late after a think counts the lateness") {
  JourneyClock clock(due);
  clock.paused(milliseconds(500));
  CHECK(clock.request_sent(due + milliseconds(800)) == due + milliseconds(500));
}

TEST_CASE("journey clock: pauses after the first request move nothing") {
  JourneyClock clock(due);
  CHECK(clock.request_sent(due) == due);
  clock.paused(milliseconds(500));
  CHECK(clock.request_sent(due + milliseconds(900)) == due + milliseconds(900));
}

TEST_CASE("journey clock: patience counts from the intended start") {
  JourneyClock clock(due);
  const std::optional<std::chrono::nanoseconds> none;
  const std::optional<std::chrono::nanoseconds> minute = std::chrono::minutes(1);
  CHECK(clock.within(none, std::chrono::hours(10), due + std::chrono::hours(10)));
  CHECK(clock.within(minute, std::chrono::seconds(20), due + std::chrono::seconds(40)));
  CHECK_FALSE(clock.within(minute, std::chrono::seconds(21), due + std::chrono::seconds(40)));
}
