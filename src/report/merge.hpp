#pragma once
// `rollcall merge DIR... --out DIR`: the segments of a distributed run
// (--segment i/n on n generators) put back together into one results
// stream, as if one generator had carried the whole load: intervals
// aligned on the wall clock and added up (merge_intervals.hpp), each
// generator's health kept (an interval is invalid when any segment's
// generator was the bottleneck), the objectives and a capacity staircase's
// verdict judged again on the merged data (merge_capacity.hpp). Every
// output is then derived from the merged stream as from any other
// (write_final_outputs). docs/results-format.md, "Merging segments".
#include <string>
#include <vector>

#include "report/results.hpp"
#include "report/segment_set.hpp"

namespace rollcall::report {

struct MergedRun {
  Results results;                 // compute_totals() done
  std::vector<std::string> notes;  // what the user should know: assumptions, warnings, rungs left out
  // As `rollcall report` would answer on the merged stream: 3 when a
  // segment did not finish, 4 when the generators were the bottleneck,
  // 1 when an objective failed, else 0.
  int exit_code = 0;
};

// Throws MergeRefused naming the directory that does not belong.
MergedRun merge_segments(const std::vector<SegmentDir>& dirs);

}  // namespace rollcall::report
