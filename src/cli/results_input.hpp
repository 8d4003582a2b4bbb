#pragma once
// The results a `report` or `compare` command reads: a results directory or
// its results.jsonl directly.
#include <string>

#include "report/results.hpp"

namespace rollcall::cli {

// Throws UsageError naming the path when there is no readable stream there.
report::Results load_results(const std::string& dir_or_file);

// The directory a results path designates (the stream's folder for a file).
std::string results_dir_of(const std::string& dir_or_file);

}  // namespace rollcall::cli
