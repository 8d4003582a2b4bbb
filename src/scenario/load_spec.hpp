#pragma once
// What a scenario (or the command line) says about load, objectives and the
// population to plan for: plain data, validated by scenario/load_parser.hpp
// and its siblings, drawn as curves by scenario/load_shape.hpp, turned into
// schedules by engine/load_model.hpp and judged by analysis/objectives.hpp.
// Nothing here runs; everything here is checked.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "scenario/location.hpp"

namespace rollcall::scenario {

// ------------------------------------------------------------------ profile
// A time-of-day curve of relative arrival intensity: at `minute` of the day
// (7:55 is 475) the intensity is `share`, linear in between. Only the shape
// matters: shares are relative, the load model gives the level.
struct ProfilePoint {
  double minute = 0;
  double share = 0;
};

struct Profile {
  std::vector<ProfilePoint> points;  // at least two, minutes strictly increasing, shares >= 0, one above 0
  std::string file;                  // the CSV it came from, if any (for messages and reports)
  Location where;
};

// ---------------------------------------------------------------- load model
// Open models start journeys at a rate, whatever the target answers; closed
// models keep a number of virtual users busy. One struct per model, each
// holding only what that model reads (engine/load_<model>.cpp plays it;
// scenario/load_shape.hpp draws its curve).
struct Stage {
  double target = 0;     // rate (journeys/s) or users reached at the end of the stage
  Duration over{};       // how long the stage lasts
  bool hold = false;     // written {hold: 2m}: keeps the level the stage before reached
};

// The same rate for the whole run.
struct ConstantLoad {
  static constexpr std::string_view name = "constant";
  double rate = 0;
};

// The rate moves linearly from `from` to `to` over `over`.
struct RampLoad {
  static constexpr std::string_view name = "ramp";
  double from = 0;
  double to = 0;
  Duration over{};
};

// Rates in order, starting from `start`.
struct StagesLoad {
  static constexpr std::string_view name = "stages";
  double start = 0;
  std::vector<Stage> stages;
};

// A staircase: start, start + step, ... each held `every`, `count` steps.
struct StepsLoad {
  static constexpr std::string_view name = "steps";
  double start = 0;
  double step = 0;
  Duration every{};
  unsigned count = 0;
};

// A time-of-day curve, its level at its highest point.
struct ProfileLoad {
  static constexpr std::string_view name = "profile";
  Profile profile;
  double peak = 0;
};

// A constant number of users.
struct VusLoad {
  static constexpr std::string_view name = "vus";
  unsigned vus = 0;
};

// Users in stages, starting from 0.
struct RampVusLoad {
  static constexpr std::string_view name = "ramp_vus";
  std::vector<Stage> stages;
};

struct LoadSpec {
  using Model = std::variant<ConstantLoad, RampLoad, StagesLoad, StepsLoad, ProfileLoad, VusLoad, RampVusLoad>;
  Model model = ConstantLoad{};
  enum class Arrivals { uniform, poisson } arrivals = Arrivals::uniform;

  // How long the run lasts. Models with a shape (ramp, stages, steps,
  // profile, ramp_vus) default to their shape's length and hold their last
  // level when `duration` is longer.
  std::optional<Duration> duration;
  // A hard cap in journeys per second no model may exceed.
  std::optional<double> max_rate;
  // How much faster than real time the day's clock plays (1:30 plays 90
  // minutes in 3: 30): the profile model's curve, and personas' own
  // profiles and delays whatever the model.
  double time_scale = 1;
  Location where;

  bool open() const { return !std::holds_alternative<VusLoad>(model) && !std::holds_alternative<RampVusLoad>(model); }
  std::string_view name() const {
    return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::name; }, model);
  }
};

// A persona's own arrivals: it keeps its share of all arrivals (its weight)
// but spreads them in time along its own curve, or later (parents who log
// in after their children).
struct ArrivalSpec {
  Duration delay{};                // in the profile's clock (scaled by time_scale when played)
  std::optional<Profile> profile;  // its own shape; none: the load's shape
  Location where;
};

// ---------------------------------------------------------------- objectives
// One line such as "login.p95 < 800ms", "errors < 1%",
// "achieved >= 95% of offered", "student:completed >= 99%".
struct Objective {
  enum class Metric { latency, errors, rejected, queued, achieved, completed } metric = Metric::latency;
  enum class Op { less, less_equal, greater, greater_equal } op = Op::less;
  enum class Stat { percentile, mean, max } stat = Stat::percentile;  // latency only
  double percentile = 0;                 // latency: 95 for p95, 99.9 for p99.9
  std::string persona;                   // empty: every persona
  std::string step;                      // empty: journeys (latency) or every request (ratios)
  double threshold = 0;                  // ratio 0..1, or microseconds for latency
  std::string text;                      // as written, for reports
  Location where;
  // `run` only: a decided failure, judged on the run so far at each second
  // from `abort_delay` on, ends the run early (exit 1, results written), as
  // k6's abortOnFail thresholds do: a test must not keep a shared CAS down.
  bool abort_on_fail = false;
  Duration abort_delay = std::chrono::seconds(10);
  bool by_default = false;               // the guard a run judges when given no objective
};

// Names the lead passes so that objectives on unknown steps and personas
// are refused (empty lists: not checked).
struct ObjectiveNames {
  std::vector<std::string> steps;
  std::vector<std::string> personas;
  // Each persona's own steps (same order as `personas`; empty: not checked).
  // "student:login.p95" needs login in student's flow and in no other, since
  // the engine counts a step by its name across personas.
  std::vector<std::vector<std::string>> steps_of;
};

// ---------------------------------------------------------------- population
// Who could log in, for the capacity plan: "1,200,000 students of whom 90%
// log in within the peak window".
struct PopulationGroup {
  std::string role;        // a persona's name, usually
  std::uint64_t count = 0;
  double share = 1;        // 0..1: who logs in during the window
  Location where;
};

struct PopulationSpec {
  std::vector<PopulationGroup> groups;
  // Without a profile: the window the logins spread over, and how much the
  // busiest moment exceeds the window's mean (domain.md: several times).
  std::optional<Duration> window;
  double peak_factor = 1;
  Location where;
};

}  // namespace rollcall::scenario
