#pragma once
#include <optional>
#include <string>
#include <vector>

#include "scenario/model.hpp"

namespace rollcall::cli {

// Loads and validates a scenario as every command does before its first
// request. On problems, prints each as "file:line:column: message" on stderr
// and throws ScenarioRejected (exit code 2).
// `feeders`: the --feeder values (PERSONA=FILE).
scenario::Scenario load_or_explain(const std::string& file, const std::optional<std::string>& target,
                                   const std::vector<std::string>& feeders = {});

struct ScenarioRejected {};

}  // namespace rollcall::cli
