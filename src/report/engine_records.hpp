#pragma once
// From the engine's statistics to results records, for the wiring of `run`
// and `capacity`. The engine's StepStats and PersonaStats are cumulative;
// a results interval holds what happened during that interval only, so the
// caller passes per-interval statistics (lanes swap their interval stats
// out at each boundary and the merged swap is converted here).
#include "engine/journey_stats.hpp"
#include "report/results.hpp"

namespace rollcall::report {

// Outcomes by name (engine classes map to the same names; classes the
// engine does not have yet stay 0), failure classes by http::failure_name,
// and the latency histogram encoded.
StepInterval step_interval(const engine::StepStats& interval_stats);
PersonaInterval persona_interval(const engine::PersonaStats& interval_stats);

}  // namespace rollcall::report
