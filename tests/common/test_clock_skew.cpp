// A generator's clock against the target's Date: what one reading proves,
// and when a distributed start warns or refuses.
#include <catch2/catch.hpp>

#include "common/clock_skew.hpp"

using namespace rollcall;

TEST_CASE("clock skew: one Date bounds the skew within a second and the round trip") {
  // Sent at .2, answered at .3 of the same second the server stamped: the
  // clocks agree to within the second Date cannot see into.
  const auto same = read_skew(1000.2, 1000.3, 1000);
  CHECK(same.low == Approx(-0.8));
  CHECK(same.high == Approx(0.3));
  CHECK(same.estimate() == Approx(-0.25));
  CHECK(judge_skew(same) == SkewVerdict::fine);
  // The server says 30 s later than this machine's clock.
  const auto behind = read_skew(1000.2, 1000.3, 1030);
  CHECK(behind.estimate() == Approx(-30.25));
  CHECK(judge_skew(behind) == SkewVerdict::refuse);
  // ... or 30 s earlier.
  CHECK(judge_skew(read_skew(1000.2, 1000.3, 970)) == SkewVerdict::refuse);
}

TEST_CASE("clock skew: a warning above one second, a refusal above two") {
  CHECK(skew_warning_s == 1);
  CHECK(skew_refusal_s == 2);
  // The estimate is the reading's middle: Date's truncation to the second
  // costs half a second on average, and is accounted for.
  CHECK(judge_skew(read_skew(1000.9, 1000.95, 1000)) == SkewVerdict::fine);   // +0.425
  CHECK(judge_skew(read_skew(1001.5, 1001.6, 1000)) == SkewVerdict::warn);    // +1.05
  CHECK(judge_skew(read_skew(999.4, 999.5, 1000)) == SkewVerdict::warn);      // -1.05
  CHECK(judge_skew(read_skew(1002.4, 1002.5, 1000)) == SkewVerdict::warn);    // +1.95
  CHECK(judge_skew(read_skew(1002.6, 1002.7, 1000)) == SkewVerdict::refuse);  // +2.15
  CHECK(judge_skew(read_skew(998.2, 998.3, 1000)) == SkewVerdict::refuse);    // -2.25
  // A slow answer widens the reading, not the estimate's bias: 3 s there
  // and back with clocks in step is no reason to refuse.
  CHECK(judge_skew(read_skew(1000.0, 1003.0, 1001)) == SkewVerdict::fine);
}

TEST_CASE("clock skew: a machine within 1.5 s of the target is never refused, one beyond 2.5 s always is") {
  // Every moment the server may have stamped within the exchange, every
  // position within its second: the verdict depends on the true skew alone
  // at these distances.
  for (const double skew : {-1.45, -0.5, 0.0, 0.7, 1.45, -2.55, 2.55, 30.0}) {
    for (double frac = 0; frac < 1; frac += 0.125) {
      const double server = 5000 + frac;        // the server's clock when it stamps
      const double local = server + skew;       // this machine's at that moment
      const auto r = read_skew(local - 0.01, local + 0.01, static_cast<std::int64_t>(std::floor(server)));
      INFO("skew " << skew << ", stamped " << frac << " into its second");
      CHECK(r.low <= skew + 1e-9);
      CHECK(r.high >= skew - 1e-9);
      if (std::abs(skew) < 1.49) CHECK(judge_skew(r) != SkewVerdict::refuse);
      if (std::abs(skew) > 2.51) CHECK(judge_skew(r) == SkewVerdict::refuse);
    }
  }
}
