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

unsigned LoadModel::peak_vus() const { return open_ ? 0 : static_cast<unsigned>(std::floor(curve_.peak() + 1e-9)); }

RateCurve finish_curve(RateCurve shape, const LoadSpec& spec) {
  if (spec.duration) shape = shape.lasting(static_cast<double>(spec.duration->count()) / 1e9);
  if (spec.open() && spec.max_rate) shape = shape.capped(*spec.max_rate);
  return shape;
}

std::unique_ptr<LoadModel> make_load_model(const LoadSpec& spec) {
  struct Play {
    const LoadSpec& spec;
    std::unique_ptr<LoadModel> operator()(const scenario::ConstantLoad& m) const { return constant_model(m, spec); }
    std::unique_ptr<LoadModel> operator()(const scenario::RampLoad& m) const { return ramp_model(m, spec); }
    std::unique_ptr<LoadModel> operator()(const scenario::StagesLoad& m) const { return stages_model(m, spec); }
    std::unique_ptr<LoadModel> operator()(const scenario::StepsLoad& m) const { return steps_model(m, spec); }
    std::unique_ptr<LoadModel> operator()(const scenario::ProfileLoad& m) const { return profile_model(m, spec); }
    std::unique_ptr<LoadModel> operator()(const scenario::VusLoad& m) const { return vus_model(m, spec); }
    std::unique_ptr<LoadModel> operator()(const scenario::RampVusLoad& m) const { return ramp_vus_model(m, spec); }
  };
  return std::visit(Play{spec}, spec.model);
}

}  // namespace rollcall::engine
