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

// A one-hour run has 3600 intervals: drawn points are merged down to this
// many per series, which keeps report.html well under 2 MB.
inline constexpr std::size_t max_drawn_points = 600;

// Seconds each drawn point stands for (1 when nothing was merged).
std::size_t seconds_per_point(const Results& r);

ChartSpec arrivals_chart(const Results& r, const Strings& s);        // offered vs achieved, rungs shaded
ChartSpec latency_chart(const Results& r, const Strings& s, const std::string& step, const std::string& id);
std::optional<ChartSpec> saturation_chart(const Results& r, const Strings& s);  // rate -> p95, errors
std::optional<ChartSpec> usl_chart(const Results& r, const Strings& s);         // rate -> throughput, USL
ChartSpec generator_chart(const Results& r, const Strings& s);       // lag, lateness, CPU; invalid shaded

}  // namespace rollcall::report
