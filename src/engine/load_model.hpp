#pragma once
// Load models (k6 calls them executors): what `load:` in a scenario asks
// for, as a level over time. Each model lives in its own file
// (load_constant.cpp, load_ramp.cpp, load_stages.cpp, load_steps.cpp,
// load_profile.cpp, load_vus.cpp) and does one thing: turn its part of a
// validated scenario::LoadSpec into a RateCurve. Everything else is shared:
//
//   open models (constant, ramp, stages, steps, profile)
//     rate(t)        journeys per second due at t
//     arrivals(...)  the exact, seeded arrival times of one slice of the
//                    run (a segment of a machine, a lane of a segment),
//                    see engine/arrivals.hpp; call once per lane, then
//                    next() once per arrival (no allocation)
//   closed models (vus, ramp_vus)
//     vus(t)         users that should be running at t; user v (0-based)
//                    runs while v < vus(now), and lane i of n owns users
//                    v with v mod n == i, as the engine does today
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

#include "engine/arrivals.hpp"
#include "engine/rate_curve.hpp"
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

  double rate(scenario::Duration t) const;      // open models; 0 for closed ones
  unsigned vus(scenario::Duration t) const;     // closed models; 0 for open ones
  unsigned peak_vus() const;                    // closed: the most users at once

  // Open models: the arrivals of one slice. The generator reads this
  // model's curve: the model must outlive it.
  ArrivalGenerator arrivals(Slice slice, std::uint64_t seed) const;

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

// The models, one per file.
std::unique_ptr<LoadModel> constant_model(const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> ramp_model(const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> stages_model(const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> steps_model(const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> profile_model(const scenario::LoadSpec& spec);
std::unique_ptr<LoadModel> vus_model(const scenario::LoadSpec& spec);

// A time-of-day profile as a curve: point i is at (minute_i - minute_0) * 60
// / time_scale seconds of the run, and the highest point is at `peak`.
RateCurve profile_curve(const scenario::Profile& profile, double time_scale, double peak);

// Shared by the models: the curve `shape` built, lasting spec.duration when
// given (holding its last level) and capped at spec.max_rate.
RateCurve finish_curve(RateCurve shape, const scenario::LoadSpec& spec);

}  // namespace rollcall::engine
