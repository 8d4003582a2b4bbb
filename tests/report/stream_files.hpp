#pragma once
// Writes a Results to a results directory the way run and capacity do.
#include <string>

#include "report/results.hpp"

namespace rollcall::test {

// dir/results.jsonl with every record; without the end records (saturation,
// objectives, end) when `finished` is false, as a killed run leaves it.
std::string write_results_dir(const report::Results& r, const std::string& dir, bool finished = true);

}  // namespace rollcall::test
