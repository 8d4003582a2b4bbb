// stages: a list of ramps and holds, k6's ramping-arrival-rate: each stage
// moves the rate linearly to its target over its time ({hold: 2m} keeps the
// level). Starts at `start` (default 0).
#include <fmt/format.h>

#include "common/duration.hpp"
#include "engine/load_model.hpp"

namespace rollcall::engine {

namespace {

class Stages final : public LoadModel {
 public:
  Stages(const scenario::StagesLoad& load, const scenario::LoadSpec& spec)
      : LoadModel(true, finish_curve(scenario::shape(load), spec), spec), stages_(load.stages.size()) {}

  std::string describe() const override {
    return fmt::format("{} stages up to {:g}/s over {}{}", stages_, curve().peak(), format_duration(duration()),
                       process() == ArrivalProcess::poisson ? ", poisson" : "");
  }

 private:
  std::size_t stages_;
};

}  // namespace

std::unique_ptr<LoadModel> stages_model(const scenario::StagesLoad& load, const scenario::LoadSpec& spec) {
  return std::make_unique<Stages>(load, spec);
}

}  // namespace rollcall::engine
