#pragma once
// Load models (k6 calls them executors): what `load:` in a scenario asks
// for, as a level over time. Each model lives in its own file
// (load_constant.cpp, load_ramp.cpp, load_stages.cpp, load_steps.cpp,
// load_profile.cpp, load_vus.cpp) and does one thing: play its struct of
// a validated scenario::LoadSpec, whose shape scenario/load_shape.hpp
// draws, and describe it. Everything else is shared:
//
//   open models (constant, ramp, stages, steps, profile)
//     curve()        journeys per second over the run; the engine splits it
//                    between personas (engine/persona_arrivals.hpp) and
//                    draws each persona's arrivals from its part with an
//                    ArrivalGenerator per lane (engine/arrivals.hpp)
//   closed models (vus, ramp_vus)
//     curve()        users that should be running over the run; user v
//                    (0-based) runs while the level is above v, and lane i
//                    of n owns users v with v mod n == i
//
// max_rate (from the scenario or --max-rate) is applied here, once, for
// open models: the curve never goes above it, and Poisson arrivals are
// spaced by at least 1/max_rate. Closed models keep their users' curve and
// report max_rate() for the engine to pace journey starts with StartPacer
// (engine/start_pacer.hpp). The spec is expected valid (scenario/load_parser.hpp checks
// it); a model built from an unchecked spec may be empty, never undefined.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/rate_curve.hpp"
#include "engine/arrivals.hpp"
#include "scenario/load_shape.hpp"
#include "scenario/load_spec.hpp"

namespace rollcall::engine {

class LoadModel {
 public:
  virtual ~LoadModel() = default;

  // One line for the run's header: "ramp 0 -> 100/s over 5m, poisson".
  virtual std::string describe() const = 0;

  bool open() const { return open_; }
  const RateCurve& curve() const { return curve_; }
  double duration_s() const { return curve_.duration(); }
  scenario::Duration duration() const;
  ArrivalProcess process() const { return process_; }
  double max_rate() const { return max_rate_; }  // journeys/s, 0: none

  unsigned peak_vus() const;                    // closed: the most users at once

 protected:
  LoadModel(bool open, RateCurve curve, const scenario::LoadSpec& spec);

 private:
  bool open_;
  RateCurve curve_;
  ArrivalProcess process_;
  double max_rate_;
};

// The model `spec` asks for, its duration and cap applied.
std::unique_ptr<LoadModel> make_load_model(const scenario::LoadSpec& spec);

// The models, one per file, each from its own struct and the spec's
// common settings.
std::unique_ptr<LoadModel> constant_model(const scenario::ConstantLoad& load, const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> ramp_model(const scenario::RampLoad& load, const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> stages_model(const scenario::StagesLoad& load, const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> steps_model(const scenario::StepsLoad& load, const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> profile_model(const scenario::ProfileLoad& load, const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> vus_model(const scenario::VusLoad& load, const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> ramp_vus_model(const scenario::RampVusLoad& load, const scenario::LoadSpec& spec);

// Shared by the models: the curve `shape` built, lasting spec.duration when
// given (holding its last level) and capped at spec.max_rate.
RateCurve finish_curve(RateCurve shape, const scenario::LoadSpec& spec);

}  // namespace rollcall::engine
