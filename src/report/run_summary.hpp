#pragma once
// How `rollcall run` tells what it measured: per step (metrics line) and per
// persona, for people and as JSON (schema in docs/run-json.md).
#include <string>

#include "engine/scenario_plan.hpp"
#include "engine/scenario_run.hpp"

namespace rollcall::report {

// The plan as `rollcall run` builds it: with its load model.
std::string run_summary_text(const engine::ScenarioPlan& plan, const engine::ScenarioResult& result);
std::string run_summary_json(const engine::ScenarioPlan& plan, const engine::ScenarioResult& result);

}  // namespace rollcall::report
