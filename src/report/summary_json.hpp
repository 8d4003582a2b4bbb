#pragma once
// summary.json: the whole run in one JSON object, for scripts and CI
// (schema "rollcall.summary/1", documented in docs/results-format.md; fields
// are only ever added under the same version).
#include <string>
#include <string_view>

#include "report/results.hpp"

namespace rollcall::report {

inline constexpr std::string_view summary_schema = "rollcall.summary/1";

// Expects compute_totals() done (the stream reader does it). One line.
std::string summary_json(const Results& r);

// True when every objective passed. A capacity search's failing rungs do
// not count: finding them is what the search is for.
bool objectives_passed(const Results& r);

}  // namespace rollcall::report
