#pragma once
// report.html: one self-contained page (inline CSS, inline SVG charts, a few
// lines of inline script for the step picker; no network, no font, no
// library), readable in any browser and printable. The verdict comes first,
// in words; then arrivals, latency, the saturation curve, tables, generator
// health and the configuration.
#include <string>

#include "report/report_strings.hpp"
#include "report/results.hpp"

namespace rollcall::report {

// Expects compute_totals() done. The configuration goes through redact()
// again here: a report must never carry a secret, whoever built the results.
std::string html_report(const Results& r, Lang lang);

}  // namespace rollcall::report
