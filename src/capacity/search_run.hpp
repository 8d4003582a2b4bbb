#pragma once
// The whole capacity search: asks analysis::CapacitySearch what to run,
// runs it with the engine (StepRunner), and puts together the verdict, the
// USL fit and the capacity plan.
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "analysis/capacity_search.hpp"
#include "capacity/capacity_result.hpp"
#include "capacity/step_runner.hpp"
#include "scenario/load_spec.hpp"
#include "scenario/model.hpp"

namespace rollcall::capacity {

struct SearchOptions {
  analysis::SearchSettings search;
  std::vector<scenario::Objective> objectives;  // empty: analysis::default_objectives()
  RunnerSettings runner;
  std::optional<scenario::PopulationSpec> population;
  std::optional<scenario::Profile> profile;
  // Called after each step is judged (a live line on stderr).
  std::function<void(const StepResult&)> on_step;
  // The search's start (--start-at): its first step starts then, and the
  // results stream's clock (StepResult::start_s, the intervals' start_s)
  // counts from it. None: at once.
  std::optional<engine::TimePoint> start;
};

// Between two rungs of a fixed staircase (SearchSettings::fixed_staircase):
// the last one's grace (RunnerSettings::grace) and the start of the next
// engine run fit in it, so that every machine starts rung k at the same
// planned instant: the origin plus the holds of the rungs before it plus
// this gap after each.
inline constexpr std::chrono::seconds rung_gap{2};

CapacityResult run_capacity_search(const scenario::Scenario& scenario, const SearchOptions& options);

// True when a persona retries or restarts after a failure: the users a
// metastable failure is made of.
bool has_retrying_persona(const scenario::Scenario& scenario);

}  // namespace rollcall::capacity
