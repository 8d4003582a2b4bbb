#pragma once
// Loading a scenario: the YAML file, its feeders and uploads, every
// reference checked and every template, regex and pointer compiled, before
// the first request. Every command that sends load calls it the same way.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/model.hpp"
#include "scenario/problem.hpp"

namespace rollcall::scenario {

struct LoadOptions {
  std::optional<std::string> target_override;  // --target: replaces the file's target
  // --feeder PERSONA=FILE: the persona's accounts come from FILE (relative
  // to the working directory) instead of the file its feeder names; the
  // feeder's mode and secret columns stay.
  std::map<std::string, std::string> feeder_files;
  // `rollcall validate`: a feeder file with a header and no rows loads,
  // with a warning, instead of being a problem. import-har writes the
  // accounts file so, to be filled in; try, run and capacity leave this
  // off and refuse the file before the first request.
  bool allow_header_only_feeders = false;
};

// A scenario, or the problems that keep it from running: all that can be
// found (not only the first), in file order.
struct LoadResult {
  std::optional<Scenario> scenario;
  std::vector<Problem> problems;
  // What loads but cannot run as it is (a feeder without rows, with
  // allow_header_only_feeders); told by validate, never a reason to refuse.
  std::vector<Problem> warnings;
};

// Feeders and multipart files are read relative to the scenario file's folder.
LoadResult load_scenario(const std::string& path, const LoadOptions& options = {});

// The one-paragraph summary `rollcall validate` prints on success: target,
// personas with their share of arrivals, feeders and their rows, steps and
// requests per journey.
std::string summarize(const Scenario& scenario);

}  // namespace rollcall::scenario
