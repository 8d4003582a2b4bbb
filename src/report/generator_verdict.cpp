#include "report/generator_verdict.hpp"

#include <algorithm>

namespace rollcall::report {

long invalid_intervals(const std::vector<Interval>& intervals) {
  return static_cast<long>(std::count_if(intervals.begin(), intervals.end(), [](const auto& i) { return !i.generator.valid; }));
}

bool generator_limited(const std::vector<Interval>& intervals, const analysis::Judgement& judgement) {
  if (judgement.pass() || intervals.empty()) return false;
  double delay_ms = 0;
  for (const auto& i : intervals) delay_ms = std::max(delay_ms, i.generator.loop_lag_p99_ms + i.generator.lateness_p99_ms);
  const bool explained = std::all_of(judgement.results.begin(), judgement.results.end(), [&](const auto& r) {
    return r.status != analysis::ObjectiveResult::Status::fail || analysis::generator_could_explain(r, delay_ms * 1000);
  });
  return invalid_intervals(intervals) * 10 > static_cast<long>(intervals.size()) && explained;
}

}  // namespace rollcall::report
