#pragma once
// Reads how users behave when the ENT does not let them in: `on_failure:`
// (per persona: retry, restart, give up) and `admission:` (at the top: which
// answers are a waiting room or a quota page). Problems go to the reader
// with their file:line:column.
#include <optional>
#include <string>
#include <vector>

#include "scenario/compiler.hpp"
#include "scenario/model.hpp"
#include "scenario/yaml_reader.hpp"

namespace rollcall::scenario {

// `known_steps` are the metrics-line names of the persona's steps: a policy
// limited to steps must name some of them.
std::optional<FailurePolicy> parse_on_failure(Reader& reader, const Field& f, const std::vector<std::string>& known_steps);

std::optional<Admission> parse_admission(Reader& reader, Compiler& compiler, const Field& f);

// What people do, when `on_failure: human` or a partial map leaves it to us.
FailurePolicy human_failure_policy();

}  // namespace rollcall::scenario
