#pragma once
#include <optional>
#include <string>

#include "scenario/model.hpp"

namespace rollcall::cli {

// Loads and validates a scenario as every command does before its first
// request. On problems, prints each as "file:line:column: message" on stderr
// and throws ScenarioRejected (exit code 2).
scenario::Scenario load_or_explain(const std::string& file, const std::optional<std::string>& target);

struct ScenarioRejected {};

}  // namespace rollcall::cli
