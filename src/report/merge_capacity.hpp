#pragma once
// A distributed capacity search judged again on the merged data: every
// segment ran the same staircase from the same instant, each with a share
// of the arrivals, and wrote its own view of each rung. A segment's view is
// a fraction of the load; the run's verdict comes from the merged intervals
// of each rung's [start_s, end_s) window, judged by the capacity search's
// own code (analysis::judge_step, staircase_verdict), and stated by the
// records every output reads (capacity_records.hpp).
#include <string>
#include <vector>

#include "analysis/capacity_search.hpp"
#include "report/results.hpp"
#include "report/segment_set.hpp"
#include "scenario/load_spec.hpp"

namespace rollcall::report {

struct MergedCapacity {
  std::vector<CapacityStep> steps;      // the rungs every segment ran whole
  Saturation saturation;
  std::vector<Objective> objectives;    // read at the saturation rung and the first failing one
  analysis::Verdict::Kind kind = analysis::Verdict::Kind::pending;
  std::vector<std::string> notes;       // rungs left out, and why
};

// `merged`: the merged run, intervals already added up.
MergedCapacity merge_capacity(const SegmentSet& set, const Results& merged, const std::vector<scenario::Objective>& objectives);

}  // namespace rollcall::report
