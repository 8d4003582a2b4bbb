#include <catch2/catch.hpp>

#include "engine/start_pacer.hpp"

using namespace rollcall::engine;

TEST_CASE("start pacer: closed-model journeys start no faster than the lane's part of max_rate") {
  StartPacer pacer(20, 2);  // 10/s for this lane: 100 ms apart
  CHECK(pacer.start(0) == 0);
  CHECK(pacer.start(0) == Approx(0.1));
  CHECK(pacer.start(0.05) == Approx(0.2));
  CHECK(pacer.start(1) == 1);  // idle for a while: no burst owed, no wait either
  CHECK(pacer.start(1) == Approx(1.1));
  int in_first_second = 0;
  StartPacer busy(20, 2);
  for (int i = 0; i < 100; ++i)
    if (busy.start(0) < 0.999) ++in_first_second;  // the 11th is due at 1 s, give or take a rounding
  CHECK(in_first_second == 10);
  StartPacer free(0, 4);
  CHECK(free.start(0.5) == 0.5);
  CHECK(free.start(0.5) == 0.5);
}
