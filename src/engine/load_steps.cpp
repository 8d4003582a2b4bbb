// steps: a staircase, start, start + step, ... each held `every`, `count`
// steps: flat levels whose transients can be discarded, what a manual
// saturation search runs (the capacity search runs its overload and its
// recovery check as two such steps).
#include <fmt/format.h>

#include "common/duration.hpp"
#include "engine/load_model.hpp"

namespace rollcall::engine {

namespace {

class RateSteps final : public LoadModel {
 public:
  RateSteps(const scenario::StepsLoad& load, const scenario::LoadSpec& spec)
      : LoadModel(true, finish_curve(scenario::shape(load), spec), spec), load_(load) {}

  std::string describe() const override {
    return fmt::format("{} steps of {} from {:g}/s by {:g}/s{}", load_.count, format_duration(load_.every), load_.start,
                       load_.step, process() == ArrivalProcess::poisson ? ", poisson" : "");
  }

 private:
  scenario::StepsLoad load_;
};

}  // namespace

std::unique_ptr<LoadModel> steps_model(const scenario::StepsLoad& load, const scenario::LoadSpec& spec) {
  return std::make_unique<RateSteps>(load, spec);
}

}  // namespace rollcall::engine
