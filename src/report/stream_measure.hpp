#pragma once
// A results stream seen as the analysis layer judges it: its intervals
// turned back into the engine's statistics, then into an
// analysis::Measurement by the same code that measures a live run
// (capacity/measure.hpp). `rollcall merge` judges a merged run's objectives
// and its capacity rungs with it, so the merged verdict is the one a single
// generator carrying the whole load would have reached.
//
// What a stream keeps is what is judged: steps' outcomes and latency
// histograms, personas' requests, errors and journey times, users under
// way. Streams written before a persona's requests and journey times were
// recorded judge those objectives on no data (not met).
#include <memory>
#include <string>
#include <vector>

#include "analysis/measurement.hpp"
#include "capacity/measure.hpp"
#include "engine/journey_stats.hpp"
#include "report/results.hpp"
#include "scenario/load_spec.hpp"

namespace rollcall::report {

// Each persona's weight, from the run record's config (`personas[].weight`,
// equal weights when absent), to split the offered arrivals as the engine
// does; a step is one persona's own when an objective says so
// ("student:login.p95": the loader checked that no other persona has it).
std::shared_ptr<const capacity::PersonaMix> persona_mix(const Results& r, const std::vector<scenario::Objective>& objectives);

// One interval's statistics, as a lane would have handed them over.
engine::JourneyStats journey_stats(const Interval& interval, const std::vector<std::string>& personas);

// The whole run, as `rollcall run` judges its objectives: its totals over
// its duration.
analysis::Measurement run_measurement(const Results& r, const capacity::PersonaMix& mix);

// The intervals starting in [from_s, to_s), as a capacity step measures its
// judged stretch (consecutive parts, users under way at both ends).
analysis::Measurement stretch_measurement(const Results& r, double from_s, double to_s,
                                          std::shared_ptr<const capacity::PersonaMix> mix);

}  // namespace rollcall::report
