// Feeder rows split between the segments of a distributed run: disjoint,
// and together the whole file.
#include <catch2/catch.hpp>

#include <set>

#include "engine/feeder_rows.hpp"

using namespace rollcall;
using engine::feeder_row;
using engine::Slice;
using Mode = scenario::Feeder::Mode;

TEST_CASE("feeder rows: unique rows of n segments are disjoint and add up to the file") {
  for (const std::uint64_t rows : {1u, 7u, 10u, 12u, 1000u}) {
    for (const std::uint64_t n : {1u, 2u, 3u, 4u}) {
      std::multiset<std::uint64_t> all;
      for (std::uint64_t i = 0; i < n; ++i) {
        const Slice segment = Slice::part(i, n);
        for (std::uint64_t taken = 0;; ++taken) {
          const auto row = feeder_row(Mode::unique, segment, rows, taken, 0);
          if (!row) break;
          CHECK(*row % n == i);
          all.insert(*row);
        }
      }
      INFO(rows << " rows, " << n << " segments");
      REQUIRE(all.size() == rows);  // each row once
      CHECK(std::set<std::uint64_t>(all.begin(), all.end()).size() == rows);
      CHECK(*all.rbegin() == rows - 1);
    }
  }
}

TEST_CASE("feeder rows: cycle and random stay within the segment's own rows") {
  const std::uint64_t rows = 10, n = 3;
  for (std::uint64_t i = 0; i < n; ++i) {
    const Slice segment = Slice::part(i, n);
    std::set<std::uint64_t> cycled, drawn;
    for (std::uint64_t k = 0; k < 100; ++k) {
      cycled.insert(*feeder_row(Mode::cycle, segment, rows, k, 0));
      drawn.insert(*feeder_row(Mode::random, segment, rows, 0, k * 7919));
    }
    std::set<std::uint64_t> own;
    for (std::uint64_t r = i; r < rows; r += n) own.insert(r);
    CHECK(cycled == own);
    CHECK(drawn == own);
  }
}

TEST_CASE("feeder rows: one machine takes rows in order, as without segments") {
  const Slice whole;
  CHECK(*feeder_row(Mode::unique, whole, 5, 3, 0) == 3);
  CHECK_FALSE(feeder_row(Mode::unique, whole, 5, 5, 0));
  CHECK(*feeder_row(Mode::cycle, whole, 5, 7, 0) == 2);
  CHECK(*feeder_row(Mode::random, whole, 5, 0, 13) == 3);
  // A segment that owns no row (3 rows, segment 4 of 4) gets none.
  CHECK_FALSE(feeder_row(Mode::cycle, Slice::part(3, 4), 3, 0, 0));
  CHECK(engine::rows_owned(Slice::part(3, 4), 3) == 0);
}
