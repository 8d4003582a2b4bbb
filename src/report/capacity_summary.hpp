#pragma once
// What `rollcall capacity` prints: the staircase as a table, then the
// verdict in words; and the same, whole, as JSON (`--json`).
#include <string>

#include "capacity/capacity_result.hpp"

namespace rollcall::report {

std::string capacity_summary_text(const capacity::CapacityResult& result);
std::string capacity_summary_json(const capacity::CapacityResult& result);
// One line per step as the search goes (stderr).
std::string capacity_step_line(const capacity::StepResult& step);

}  // namespace rollcall::report
