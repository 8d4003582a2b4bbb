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
};

CapacityResult run_capacity_search(const scenario::Scenario& scenario, const SearchOptions& options);

// True when a persona retries or restarts after a failure: the users a
// metastable failure is made of.
bool has_retrying_persona(const scenario::Scenario& scenario);

}  // namespace rollcall::capacity
