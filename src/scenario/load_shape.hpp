#pragma once
// Each load model's level over time, before the run's duration and cap: the
// one drawing of a model, read by the parser (how long the shape lasts, its
// highest rate) and by the engine (engine/load_<model>.cpp plays it). Flat
// models (constant, vus) have no length of their own: they hold their level
// for the length they are given.
#include <chrono>

#include "common/rate_curve.hpp"
#include "scenario/load_spec.hpp"

namespace rollcall::scenario {

// A flat model without `duration:` would never end: it lasts a minute.
inline constexpr Duration flat_default_length = std::chrono::seconds(60);

RateCurve shape(const ConstantLoad& load, Duration length);
RateCurve shape(const RampLoad& load);
RateCurve shape(const StagesLoad& load);
RateCurve shape(const StepsLoad& load);
RateCurve shape(const ProfileLoad& load, double time_scale);
RateCurve shape(const VusLoad& load, Duration length);
RateCurve shape(const RampVusLoad& load);

// The shape of the model `spec` holds (flat models: for spec.duration, or
// flat_default_length).
RateCurve shape(const LoadSpec& spec);

// A time-of-day profile as a curve: point i is at (minute_i - minute_0) * 60
// / time_scale seconds of the run, and the highest point is at `peak`.
// Personas' own profiles are drawn with it too.
RateCurve profile_curve(const Profile& profile, double time_scale, double peak);

}  // namespace rollcall::scenario
