#pragma once
// `rollcall try`: the journeys of a scenario one at a time, each watched
// exchange by exchange, so that a person pointing a scenario at a real
// platform sees what it answered. The same journey code as a run, on one
// lane, with no load model and no intervals.
#include <memory>
#include <vector>

#include "engine/journey.hpp"
#include "engine/journey_stats.hpp"
#include "engine/scenario_plan.hpp"

namespace rollcall::engine {

class JourneyObserver;

struct TriedJourney {
  std::size_t persona;
  JourneyEnd end;
};

struct TryResult {
  std::vector<TriedJourney> journeys;
  JourneyStats stats;  // every request, as a run counts them
};

// One journey for each of `personas`, in that order, each a new user
// taking row `row` (0-based) of its persona's feeder, if it has one (the
// caller checks the row exists). A journey gets the plan's duration at most.
TryResult try_journeys(const ScenarioPlan& plan, const std::vector<std::size_t>& personas, std::size_t row,
                       std::unique_ptr<JourneyObserver> observer);

}  // namespace rollcall::engine
