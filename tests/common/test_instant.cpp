// --start-at's times and the HTTP Date header: every machine of a
// distributed run reads the same text as the same instant.
#include <catch2/catch.hpp>

#include "common/instant.hpp"

using namespace rollcall;

namespace {

std::optional<double> instant(const std::string& text) {
  std::string problem;
  auto v = parse_instant(text, problem);
  INFO(text << ": " << problem);
  CHECK(v.has_value() == problem.empty());
  return v;
}

std::string problem_of(const std::string& text) {
  std::string problem;
  CHECK_FALSE(parse_instant(text, problem).has_value());
  return problem;
}

}  // namespace

TEST_CASE("instant: RFC 3339 in UTC, with an offset, with a fraction") {
  CHECK(instant("2026-12-05T08:30:00Z") == 1796459400.0);
  CHECK(instant("2026-12-05t08:30:00z") == 1796459400.0);
  CHECK(instant("2026-12-05 08:30:00Z") == 1796459400.0);
  // The same instant in Paris' winter time and in Montreal's.
  CHECK(instant("2026-12-05T09:30:00+01:00") == 1796459400.0);
  CHECK(instant("2026-12-05T03:30:00-05:00") == 1796459400.0);
  CHECK(instant("2026-12-05T08:30:00+00:00") == 1796459400.0);
  CHECK(instant("2026-12-05T14:00:00+05:30") == 1796459400.0);
  // Across midnight and a year's end.
  CHECK(instant("2027-01-01T00:30:00+01:00") == instant("2026-12-31T23:30:00Z"));
  CHECK(*instant("2026-12-05T08:30:00.25Z") == Approx(1796459400.25));
  CHECK(*instant("2026-12-05T08:30:00.123456Z") == Approx(1796459400.123456));
  CHECK(instant("2024-02-29T23:59:59Z") == 1709251199.0);  // a leap day
}

TEST_CASE("instant: Unix seconds, whole or fractional") {
  CHECK(instant("1796459400") == 1796459400.0);
  CHECK(*instant("1796459400.5") == Approx(1796459400.5));
}

TEST_CASE("instant: anything else is refused in one sentence saying what to give") {
  CHECK_THAT(problem_of("tomorrow"), Catch::Contains("not a time") && Catch::Contains("RFC 3339") &&
                                         Catch::Contains("Unix seconds"));
  CHECK_THAT(problem_of(""), Catch::Contains("not a time"));
  // No offset: the zone would be each machine's own.
  CHECK_THAT(problem_of("2026-12-05T08:30:00"), Catch::Contains("no offset") && Catch::Contains("Z"));
  CHECK_THAT(problem_of("2026-12-05"), Catch::Contains("time of day"));
  CHECK_THAT(problem_of("2026-02-30T08:30:00Z"), Catch::Contains("no such date"));
  CHECK_THAT(problem_of("2026-12-05T24:00:00Z"), Catch::Contains("no such date"));
  CHECK_THAT(problem_of("2026-12-05T08:60:00Z"), Catch::Contains("no such date"));
  CHECK_THAT(problem_of("2026-12-05T23:59:60Z"), Catch::Contains("leap second"));
  CHECK_THAT(problem_of("2026-12-05T08:30Z"), Catch::Contains("HH:MM:SS"));
  CHECK_THAT(problem_of("2026-12-05T08:30:00+0100"), Catch::Contains("+HH:MM"));
  CHECK_THAT(problem_of("2026-12-05T08:30:00+25:00"), Catch::Contains("+HH:MM"));
  CHECK_THAT(problem_of("2026-12-05T08:30:00Z "), Catch::Contains("follows the offset"));
  CHECK_THAT(problem_of("2026-12-05T08:30:00.Z"), Catch::Contains("decimal point"));
  CHECK_THAT(problem_of("-1796459400"), Catch::Contains("not a time"));
  CHECK_THAT(problem_of("1796459400."), Catch::Contains("not a time"));
  CHECK_THAT(problem_of("17964594e2"), Catch::Contains("not a time"));
  // Milliseconds, and a count of seconds meant as "from now".
  CHECK_THAT(problem_of("1796459400000"), Catch::Contains("milliseconds"));
  CHECK_THAT(problem_of("60"), Catch::Contains("1970-01-01T00:01:00Z") && Catch::Contains("long past"));
}

TEST_CASE("instant: written back in RFC 3339, UTC") {
  CHECK(format_rfc3339(1796459400) == "2026-12-05T08:30:00Z");
  CHECK(format_rfc3339(1796459400.25) == "2026-12-05T08:30:00.250Z");
  CHECK(format_rfc3339(1796459400.9996) == "2026-12-05T08:30:01Z");
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
  std::string problem;
  CHECK(parse_instant(format_rfc3339(1709251199.5), problem) == 1709251199.5);
}

TEST_CASE("HTTP dates: IMF-fixdate, and the two obsolete forms a recipient must read") {
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(parse_http_date("  Sun, 06 Nov 1994 08:49:37 GMT ") == 784111777);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == 784111777);
  CHECK(parse_http_date("Sat, 05 Dec 2026 08:30:00 GMT") == 1796459400);
  CHECK(format_http_date(1796459400) == "Sat, 05 Dec 2026 08:30:00 GMT");
  CHECK(format_http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(format_http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
  for (const char* bad : {"", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49 GMT",
                          "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "784111777"}) {
    INFO(bad);
    CHECK_FALSE(parse_http_date(bad).has_value());
  }
}
