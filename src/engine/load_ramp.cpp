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
  explicit Ramp(const scenario::LoadSpec& spec) : LoadModel(true, shape(spec), spec), spec_(spec) {}

  std::string describe() const override {
    return fmt::format("ramp {:g} -> {:g}/s over {}{}{}", spec_.from, spec_.to, format_duration(spec_.over),
                       spec_.duration ? fmt::format(", for {}", format_duration(duration())) : "",
                       process() == ArrivalProcess::poisson ? ", poisson" : "");
  }

 private:
  static RateCurve shape(const scenario::LoadSpec& spec) {
    RateCurve c;
    c.add(seconds(spec.over), spec.from, spec.to);
    return finish_curve(std::move(c), spec);
  }

  scenario::LoadSpec spec_;
};

}  // namespace

std::unique_ptr<LoadModel> ramp_model(const scenario::LoadSpec& spec) { return std::make_unique<Ramp>(spec); }

}  // namespace rollcall::engine
