// constant: the same arrival rate for the whole run, the simplest open
// model and the one a capacity search runs at each of its steps.
#include <fmt/format.h>

#include "common/duration.hpp"
#include "engine/load_model.hpp"

namespace rollcall::engine {

namespace {

class ConstantRate final : public LoadModel {
 public:
  explicit ConstantRate(const scenario::LoadSpec& spec)
      : LoadModel(true, shape(spec), spec), poisson_(spec.arrivals == scenario::LoadSpec::Arrivals::poisson) {}

  std::string describe() const override {
    return fmt::format("constant {:g}/s for {}{}", curve().last_level(), format_duration(duration()),
                       poisson_ ? ", poisson" : "");
  }

 private:
  static RateCurve shape(const scenario::LoadSpec& spec) {
    RateCurve c;
    // Without a duration the run would have no end: a minute, as `rollcall run` does.
    c.hold(spec.duration ? static_cast<double>(spec.duration->count()) / 1e9 : 60, spec.rate);
    return finish_curve(std::move(c), spec);
  }

  bool poisson_;
};

}  // namespace

std::unique_ptr<LoadModel> constant_model(const scenario::LoadSpec& spec) { return std::make_unique<ConstantRate>(spec); }

}  // namespace rollcall::engine
