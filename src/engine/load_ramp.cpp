// ramp: the rate moves linearly from `from` to `to` over `over`, then holds
// `to` if the run lasts longer: the classic way to look for where latency
// starts to climb without a staircase's pauses.
#include <fmt/format.h>

#include "common/duration.hpp"
#include "engine/load_model.hpp"

namespace rollcall::engine {

namespace {

class Ramp final : public LoadModel {
 public:
  Ramp(const scenario::RampLoad& load, const scenario::LoadSpec& spec)
      : LoadModel(true, finish_curve(scenario::shape(load), spec), spec), load_(load), lasting_(spec.duration.has_value()) {}

  std::string describe() const override {
    return fmt::format("ramp {:g} -> {:g}/s over {}{}{}", load_.from, load_.to, format_duration(load_.over),
                       lasting_ ? fmt::format(", for {}", format_duration(duration())) : "",
                       process() == ArrivalProcess::poisson ? ", poisson" : "");
  }

 private:
  scenario::RampLoad load_;
  bool lasting_;  // a duration of its own: told, since the ramp's end does not say it
};

}  // namespace

std::unique_ptr<LoadModel> ramp_model(const scenario::RampLoad& load, const scenario::LoadSpec& spec) {
  return std::make_unique<Ramp>(load, spec);
}

}  // namespace rollcall::engine
