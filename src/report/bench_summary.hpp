#pragma once
// How `rollcall bench` tells what it measured: a summary for people and the
// same figures as JSON for scripts (schema in docs/bench-json.md).
#include <string>

#include "engine/bench_plan.hpp"
#include "engine/bench_stats.hpp"

namespace rollcall::report {

std::string bench_summary_text(const engine::BenchPlan& plan, const engine::BenchResult& result);
std::string bench_summary_json(const engine::BenchPlan& plan, const engine::BenchResult& result);

}  // namespace rollcall::report
