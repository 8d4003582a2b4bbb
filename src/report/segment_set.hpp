#pragma once
// Which results directories make one distributed run, and how their clocks
// line up, before `rollcall merge` adds them up: the same scenario, schema,
// kind and interval; segments 1..n of the same n, each once. A directory
// whose run record has no `segment` (a run without --segment, or from an
// older rollcall) is taken as-is only when several are given and none has
// one: they are then segments 1..n in the order given.
#include <stdexcept>
#include <string>
#include <vector>

#include "report/results.hpp"

namespace rollcall::report {

struct SegmentDir {
  std::string dir;
  Results results;
};

// Why these directories cannot be merged, naming the one at fault.
class MergeRefused : public std::runtime_error {
 public:
  MergeRefused(const std::string& dir, const std::string& why);
};

struct SegmentPlacement {
  const SegmentDir* dir = nullptr;
  int index = 1;    // 1-based
  long offset = 0;  // in intervals, from the merged run's start
};

struct SegmentSet {
  std::vector<SegmentPlacement> segments;  // in segment order
  double started_at = 0;                   // the merged run's start: the earliest
  double interval_s = 1;
  std::vector<std::string> notes;          // for the user (stderr): assumptions and warnings
};

// Throws MergeRefused. Segments started with the same --start-at align
// exactly; others are placed on the nearest interval of the earliest start,
// with a note when a start is more than half an interval away from it.
SegmentSet place_segments(const std::vector<SegmentDir>& dirs);

}  // namespace rollcall::report
