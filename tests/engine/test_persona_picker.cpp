#include <catch2/catch.hpp>

#include "engine/scenario_run.hpp"

TEST_CASE("personas follow their weights exactly over every window of a full cycle") {
  rollcall::engine::PersonaPicker picker({80, 15, 5});
  std::array<int, 3> counts{};
  for (int i = 0; i < 100; ++i) ++counts[picker.next()];
  CHECK(counts == std::array<int, 3>{80, 15, 5});
  // Smooth: within the first 20 arrivals the shares already hold.
  rollcall::engine::PersonaPicker again({80, 15, 5});
  std::array<int, 3> first{};
  for (int i = 0; i < 20; ++i) ++first[again.next()];
  CHECK(first == std::array<int, 3>{16, 3, 1});
}
