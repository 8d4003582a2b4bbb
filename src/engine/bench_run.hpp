#pragma once
#include "engine/bench_plan.hpp"
#include "engine/bench_stats.hpp"

namespace rollcall::engine {

// Runs the plan on its worker threads and returns what they measured. Throws
// UsageError before the first request when the plan cannot run here (for
// example more connections than file descriptors).
BenchResult run_bench(const BenchPlan& plan);

// Raises the descriptor limit and checks the plan fits in it; throws
// UsageError naming the limit otherwise. Returns the limit.
std::uint64_t ensure_descriptors(const BenchPlan& plan);

}  // namespace rollcall::engine
