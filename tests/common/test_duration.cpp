#include <catch2/catch.hpp>

#include "common/duration.hpp"

using rollcall::parse_duration;
using namespace std::chrono_literals;

TEST_CASE("durations as people write them") {
  CHECK(parse_duration("10s") == 10s);
  CHECK(parse_duration("250ms") == 250ms);
  CHECK(parse_duration("800us") == 800us);
  CHECK(parse_duration("2m") == 120s);
  CHECK(parse_duration("1h30m") == 5400s);
  CHECK(parse_duration("1.5s") == 1500ms);
  CHECK(parse_duration("0s") == 0s);
}

TEST_CASE("what is not a duration") {
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("10"));      // the unit is always explicit
  CHECK_FALSE(parse_duration("ten"));
  CHECK_FALSE(parse_duration("-1s"));
  CHECK_FALSE(parse_duration("5 s"));
  CHECK_FALSE(parse_duration("5parsecs"));
  CHECK_FALSE(parse_duration("1e30h"));
}

TEST_CASE("durations print short") {
  CHECK(rollcall::format_duration(1500ms) == "1.5s");
  CHECK(rollcall::format_duration(250ms) == "250ms");
  CHECK(rollcall::format_duration(12us) == "12us");
}
