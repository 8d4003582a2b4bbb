#pragma once
// Which charts report.html draws, from the results: data in, ChartSpecs out.
// Kept apart from the page so that tests can check the points of a chart
// without parsing HTML.
#include <optional>
#include <string>
#include <vector>

#include "report/report_strings.hpp"
#include "report/results.hpp"
#include "report/svg_chart.hpp"

namespace rollcall::report {

// A one-hour run has 3600 intervals: drawn points are merged down to 600
// per series, fewer when there are more than 12 steps (each step has its own
// chart), never fewer than 120, which keeps report.html under 2 MB up to
// about 80 steps.
std::size_t drawn_points_per_series(const Results& r);

// Seconds each drawn point stands for (1 when nothing was merged).
std::size_t seconds_per_point(const Results& r);

ChartSpec arrivals_chart(const Results& r, const Strings& s);        // offered vs achieved, rungs shaded
ChartSpec latency_chart(const Results& r, const Strings& s, const std::string& step, const std::string& id);
std::optional<ChartSpec> saturation_chart(const Results& r, const Strings& s);  // rate -> p95, errors
std::optional<ChartSpec> usl_chart(const Results& r, const Strings& s);         // rate -> throughput, USL
ChartSpec generator_chart(const Results& r, const Strings& s);       // lag, lateness, CPU; invalid shaded

}  // namespace rollcall::report
