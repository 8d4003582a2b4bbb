#pragma once
// The one-line forms of load settings and objectives, shared by the scenario
// file (scenario/load_parser.hpp) and the command line (--slo, --time-scale,
// --max-rate), so that both accept exactly the same text. No YAML here: a
// problem is a byte offset in the text and a message; the caller turns the
// offset into a file column (or points at the option).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "scenario/load_spec.hpp"

namespace rollcall::scenario {

struct TextProblem {
  std::size_t offset = 0;  // byte in the text where the problem is
  std::string message;
};

// Journeys per second: "50", "12.5", "50/s", "3000/m" (or /min), "180000/h".
// Above 0 unless `allow_zero` (a ramp may start from 0).
std::optional<double> parse_rate(std::string_view text, TextProblem& problem, bool allow_zero = false);

// How much faster than real time a profile plays: "1:30" (one minute of run
// for thirty of the day: 30), "2:30" (15), "30" or "30x" (30).
std::optional<double> parse_time_scale(std::string_view text, TextProblem& problem);

// A ratio: "1%", "0.5%", "0.01" (from 0 to 1 included).
std::optional<double> parse_ratio(std::string_view text, TextProblem& problem);

// A minute of the day: "7:55" (475), "07:55", or a number of minutes "475".
std::optional<double> parse_minute(std::string_view text, TextProblem& problem);

// One objective: "login.p95 < 800ms", "errors < 1%", "rejected <= 5%",
// "achieved >= 95% of offered", "completed >= 99%", "student:login.p99.9 < 2s",
// "portal > GET /api/timeline.mean < 300ms". See docs/scenario-reference.md.
// With `names`, a step or persona it does not list is refused.
std::optional<Objective> parse_objective(std::string_view text, TextProblem& problem, const ObjectiveNames& names = {});

// A metrics line is a step, or one of its redirect hops ("login > form"),
// whose names are only known when the hop happens.
bool is_line_of(const std::string& line, const std::vector<std::string>& steps);

// "student:login.p95": login must be student's own step. A step of the same
// name in another persona's flow is counted with it (the engine keys a step
// by its name), so that persona's share cannot be told apart: a message
// saying so, or nothing when the objective can be measured.
std::optional<std::string> persona_step_problem(const Objective& o, const ObjectiveNames& names);

}  // namespace rollcall::scenario
