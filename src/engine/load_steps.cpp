// steps: a staircase, start, start + step, ... each held `every`, `count`
// steps: flat levels whose transients can be discarded, what a manual
// saturation search runs (the capacity search builds its own steps).
#include <fmt/format.h>

#include "common/duration.hpp"
#include "engine/load_model.hpp"

namespace rollcall::engine {

namespace {

class Steps final : public LoadModel {
 public:
  explicit Steps(const scenario::LoadSpec& spec) : LoadModel(true, shape(spec), spec), spec_(spec) {}

  std::string describe() const override {
    return fmt::format("{} steps of {} from {:g}/s by {:g}/s{}", spec_.count, format_duration(spec_.every), spec_.start,
                       spec_.step, process() == ArrivalProcess::poisson ? ", poisson" : "");
  }

 private:
  static RateCurve shape(const scenario::LoadSpec& spec) {
    RateCurve c;
    for (unsigned i = 0; i < spec.count; ++i) c.hold(seconds(spec.every), spec.start + spec.step * i);
    return finish_curve(std::move(c), spec);
  }

  scenario::LoadSpec spec_;
};

}  // namespace

std::unique_ptr<LoadModel> steps_model(const scenario::LoadSpec& spec) { return std::make_unique<Steps>(spec); }

}  // namespace rollcall::engine
