// The simulated ENT dates its answers, as RFC 9110 asks of a server with a
// clock: generators started together (--start-at) check their clocks
// against it.
#include <catch2/catch.hpp>

#include <cmath>

#include "common/instant.hpp"
#include "sim/helpers.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;

TEST_CASE("every answer carries a Date within a second of the clock", "[sim][date]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client client(ent.port());
  for (const char* target : {"/", "/health", "/no-such-page"}) {
    const double before = std::floor(epoch_now());
    const Reply reply = client.get(target);
    const double after = epoch_now();
    INFO(target << ": Date " << reply.header("Date"));
    const auto date = parse_http_date(reply.header("Date"));
    REQUIRE(date.has_value());
    CHECK(static_cast<double>(*date) >= before);
    CHECK(static_cast<double>(*date) <= after);
  }
}
