#pragma once
// The intervals of a distributed run's segments added up into the run's:
// interval k of every segment covers the same wall-clock second, so the
// merged interval k holds their counts summed and their histograms added
// (exactly: bucket by bucket, the histogram of the union of the values
// recorded), and each segment's generator health side by side
// (docs/results-format.md, "Merging segments").
#include <vector>

#include "report/results.hpp"

namespace rollcall::report {

struct SegmentIntervals {
  int index = 1;          // the segment's number, 1-based
  const Results* results = nullptr;
  long offset = 0;        // its interval 0 is the merged run's interval `offset`
};

// One interval per slot where any segment has one, in time order; t_s from
// the merged run's start. Steps and personas keep the order first met.
std::vector<Interval> merge_intervals(const std::vector<SegmentIntervals>& segments, double interval_s);

// Base64 V2 histograms added: decoded, merged, encoded again. Empty ones
// are skipped; none at all gives an empty string.
std::string add_histograms(const std::vector<const std::string*>& encoded);

}  // namespace rollcall::report
