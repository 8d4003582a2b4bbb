#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "engine/journey_stats.hpp"

using namespace rollcall::engine;

TEST_CASE("metrics lines are capped: past the cap, new names count on their step's other line") {
  JourneyStats stats;
  for (std::size_t i = 0; i < 1000; ++i) ++stats.step(fmt::format("login > token{}", i)).retries;
  ++stats.step("portal").retries;
  CHECK(stats.steps().size() == JourneyStats::max_lines + 2);  // "login > other", "other"
  std::uint64_t total = 0, other = 0;
  for (const auto& s : stats.steps()) {
    total += s.retries;
    if (s.name == "login > other") other = s.retries;
  }
  // Nothing lost: every count is on some line.
  CHECK(total == 1001);
  CHECK(other == 1000 - JourneyStats::max_lines);
  // Lines seen before the cap keep counting on their own.
  ++stats.step("login > token3").retries;
  CHECK(stats.steps()[3].retries == 2);
  CHECK(JourneyStats::overflow_name("a > b > c") == "a > b > other");
  CHECK(JourneyStats::overflow_name("portal") == "other");
}
