#include <set>

#include <catch2/catch.hpp>

#include "engine/open_schedule.hpp"

using namespace rollcall::engine;
using namespace std::chrono_literals;

TEST_CASE("one lane: request k is due at k / rate") {
  const TimePoint start{};
  OpenSchedule s(start, 1000, 0, 1);
  CHECK(s.take() == start);
  CHECK(s.take() == start + 1ms);
  CHECK(s.due(1000) == start + 1s);
  CHECK(s.slots_before(start + 1s) == 1000);
  CHECK(s.slots_before(start + 1s + 1ns) == 1001);
}

TEST_CASE("lanes interleave into exactly the run's schedule") {
  const TimePoint start{};
  const double rate = 333.3;
  const unsigned lanes = 3;
  std::multiset<TimePoint> all;
  std::uint64_t counted = 0;
  for (unsigned lane = 0; lane < lanes; ++lane) {
    OpenSchedule s(start, rate, lane, lanes);
    const auto n = s.slots_before(start + 10s);
    counted += n;
    for (std::uint64_t i = 0; i < n; ++i) all.insert(s.due(i));
  }
  OpenSchedule single(start, rate, 0, 1);
  CHECK(counted == single.slots_before(start + 10s));
  CHECK(counted == 3333);
  std::uint64_t k = 0;
  for (auto t : all) CHECK(t == single.due(k++));
}
