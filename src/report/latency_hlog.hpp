#pragma once
// latency.hlog: the per-interval latency histograms of every step as a
// standard HdrHistogram interval log (docs/histograms.md), one tag per step,
// so HistogramLogProcessor and HistogramLogAnalyzer read a rollcall run.
#include <ostream>

#include "report/results.hpp"

namespace rollcall::report {

// StartTime and BaseTime are the run's start; timestamps are relative to it.
// Steps with no sample in an interval write no line for it. Tags are the
// step names through metrics::sanitize_tag. Interval_Max is the decoded
// histogram's (a bucket bound, within 0.1% of the exact max that
// summary.json gives).
void write_latency_hlog(const Results& r, std::ostream& out);

}  // namespace rollcall::report
