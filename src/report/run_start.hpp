#pragma once
// How the closed model's users started (ramp-up, loop lag meanwhile) and
// what the generator's memory peaked at: reported apart from steady state,
// since starting 100,000 users is a burst the steady state must not be
// judged by.
#include <string>

#include <boost/json/object.hpp>

#include "engine/scenario_run.hpp"

namespace rollcall::report {

// Lines for the text summary, each ending with a newline.
std::string start_and_memory_text(const engine::ScenarioPlan& plan, const engine::ScenarioResult& r);

// Adds ramp_up_s, start_loop_lag_ms_p99/max, peak_rss_bytes and
// descriptor_limit to the JSON `generator` object.
void add_start_and_memory_json(boost::json::object& generator, const engine::ScenarioPlan& plan,
                               const engine::ScenarioResult& r);

}  // namespace rollcall::report
