#pragma once
// The live counters, latency histograms and summaries in Prometheus' text
// exposition format (version 0.0.4), so that a Grafana that already watches
// the ENT can put the load on the same dashboard (docs/grafana-dashboard.json).
// Rendered once per interval.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/journey_stats.hpp"
#include "engine/scenario_plan.hpp"

namespace rollcall::report {

// `total` is the run so far (counters); `last` the interval just ended
// (quantiles and gauges: what is happening now).
std::string prometheus_text(const engine::JourneyStats& total, const engine::IntervalReport& last);

// The classic buckets of rollcall_request_duration_seconds: the `le` label
// as written, and its bound in µs. Fixed, so that the series of several
// generators add up bucket by bucket (docs/results-format.md explains the
// choice).
struct LatencyBucket {
  std::string_view le;
  std::int64_t micros;
};
inline constexpr LatencyBucket latency_buckets[] = {
    {"0.005", 5'000},     {"0.01", 10'000},     {"0.025", 25'000},   {"0.05", 50'000},   {"0.1", 100'000},
    {"0.2", 200'000},     {"0.3", 300'000},     {"0.5", 500'000},    {"0.75", 750'000},  {"1", 1'000'000},
    {"1.5", 1'500'000},   {"2", 2'000'000},     {"3", 3'000'000},    {"5", 5'000'000},   {"10", 10'000'000},
    {"20", 20'000'000},   {"30", 30'000'000},   {"60", 60'000'000},
};

// For each bucket, how many recorded values are at most its bound: a value
// counts at the lowest value of its HDR bucket, so the counts are exact
// below 2.048 ms and within the histogram's precision (1/1000) above.
std::vector<std::int64_t> counts_at_or_below(const metrics::Histogram& histogram);

// A label value with \, " and newlines escaped.
std::string prometheus_label(std::string_view value);

}  // namespace rollcall::report
