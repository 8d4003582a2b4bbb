#include "engine/load_model.hpp"

#include <cmath>

namespace rollcall::engine {

using scenario::LoadSpec;

LoadModel::LoadModel(bool open, RateCurve curve, const LoadSpec& spec)
    : open_(open),
      curve_(std::move(curve)),
      process_(spec.arrivals == LoadSpec::Arrivals::poisson ? ArrivalProcess::poisson : ArrivalProcess::uniform),
      max_rate_(spec.max_rate ? *spec.max_rate : 0) {}

scenario::Duration LoadModel::duration() const {
  return scenario::Duration(static_cast<scenario::Duration::rep>(std::llround(curve_.duration() * 1e9)));
}

double LoadModel::rate(scenario::Duration t) const {
  return open_ ? curve_.level(static_cast<double>(t.count()) / 1e9) : 0;
}

unsigned LoadModel::vus(scenario::Duration t) const {
  // A ramp reaches its next user when the line does, not a rounding early.
  return open_ ? 0 : static_cast<unsigned>(std::floor(curve_.level(static_cast<double>(t.count()) / 1e9) + 1e-9));
}

unsigned LoadModel::peak_vus() const { return open_ ? 0 : static_cast<unsigned>(std::floor(curve_.peak() + 1e-9)); }

ArrivalGenerator LoadModel::arrivals(Slice slice, std::uint64_t seed) const {
  return ArrivalGenerator(curve_, process_, slice, seed, max_rate_);
}

RateCurve finish_curve(RateCurve shape, const LoadSpec& spec) {
  if (spec.duration) shape = shape.lasting(static_cast<double>(spec.duration->count()) / 1e9);
  if (spec.open() && spec.max_rate) shape = shape.capped(*spec.max_rate);
  return shape;
}

std::unique_ptr<LoadModel> make_load_model(const LoadSpec& spec) {
  switch (spec.model) {
    case LoadSpec::Model::constant: return constant_model(spec);
    case LoadSpec::Model::ramp: return ramp_model(spec);
    case LoadSpec::Model::stages: return stages_model(spec);
    case LoadSpec::Model::steps: return steps_model(spec);
    case LoadSpec::Model::profile: return profile_model(spec);
    case LoadSpec::Model::vus:
    case LoadSpec::Model::ramp_vus: return vus_model(spec);
  }
  return constant_model(spec);
}

}  // namespace rollcall::engine
