#pragma once
// The live counters and latency summaries in Prometheus' text exposition
// format (version 0.0.4), so that a Grafana that already watches the ENT can
// put the load on the same dashboard. Rendered once per interval.
#include <string>

#include "engine/journey_stats.hpp"
#include "engine/scenario_plan.hpp"

namespace rollcall::report {

// `total` is the run so far (counters); `last` the interval just ended
// (quantiles and gauges: what is happening now).
std::string prometheus_text(const engine::JourneyStats& total, const engine::IntervalReport& last);

// A label value with \, " and newlines escaped.
std::string prometheus_label(std::string_view value);

}  // namespace rollcall::report
