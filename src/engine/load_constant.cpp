// constant: the same arrival rate for the whole run, the simplest open
// model and the one a capacity search runs at each of its steps.
#include <fmt/format.h>

#include "common/duration.hpp"
#include "engine/load_model.hpp"

namespace rollcall::engine {

namespace {

class ConstantRate final : public LoadModel {
 public:
  ConstantRate(const scenario::ConstantLoad& load, const scenario::LoadSpec& spec)
      : LoadModel(true, finish_curve(scenario::shape(load, spec.duration.value_or(scenario::flat_default_length)), spec), spec) {}

  std::string describe() const override {
    return fmt::format("constant {:g}/s for {}{}", curve().last_level(), format_duration(duration()),
                       process() == ArrivalProcess::poisson ? ", poisson" : "");
  }
};

}  // namespace

std::unique_ptr<LoadModel> constant_model(const scenario::ConstantLoad& load, const scenario::LoadSpec& spec) {
  return std::make_unique<ConstantRate>(load, spec);
}

}  // namespace rollcall::engine
