#pragma once
// Which feeder row (account) a journey takes. When n machines share a test
// (--segment i/n), segment i owns the rows r with r mod n == i: `unique`
// rows are disjoint sets whose union is the file, and `cycle` and `random`
// draw within the segment's own rows, so two machines never log the same
// account in at the same moment. One machine (1/1) owns every row.
#include <cstdint>
#include <optional>

#include "engine/arrivals.hpp"
#include "scenario/model.hpp"

namespace rollcall::engine {

// How many of `rows` rows the segment owns.
inline std::uint64_t rows_owned(Slice segment, std::uint64_t rows) {
  return rows > segment.offset ? (rows - segment.offset + segment.stride - 1) / segment.stride : 0;
}

// The row for the segment's `taken`-th journey (unique, cycle) or for a
// random `draw` (random); nullopt when a unique feeder's rows are used up,
// or the segment owns none.
inline std::optional<std::uint64_t> feeder_row(scenario::Feeder::Mode mode, Slice segment, std::uint64_t rows,
                                               std::uint64_t taken, std::uint64_t draw) {
  const std::uint64_t owned = rows_owned(segment, rows);
  if (owned == 0) return std::nullopt;
  std::uint64_t nth = 0;  // among the segment's rows
  switch (mode) {
    case scenario::Feeder::Mode::unique:
      if (taken >= owned) return std::nullopt;
      nth = taken;
      break;
    case scenario::Feeder::Mode::cycle: nth = taken % owned; break;
    case scenario::Feeder::Mode::random: nth = draw % owned; break;
  }
  return segment.offset + segment.stride * nth;
}

}  // namespace rollcall::engine
