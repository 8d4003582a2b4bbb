// Closed models: vus (a constant number of users, each starting its next
// journey when the last ends) and ramp_vus (stages of users, k6's
// ramping-vus). The level is a number of users; the target's speed sets
// the arrival rate, which is why the capacity search uses open models.
#include <fmt/format.h>

#include "common/duration.hpp"
#include "engine/load_model.hpp"

namespace rollcall::engine {

namespace {

class Vus final : public LoadModel {
 public:
  Vus(const scenario::VusLoad& load, const scenario::LoadSpec& spec)
      : LoadModel(false, finish_curve(scenario::shape(load, spec.duration.value_or(scenario::flat_default_length)), spec),
                  spec) {}

  std::string describe() const override { return fmt::format("{} users for {}", peak_vus(), format_duration(duration())); }
};

class RampVus final : public LoadModel {
 public:
  RampVus(const scenario::RampVusLoad& load, const scenario::LoadSpec& spec)
      : LoadModel(false, finish_curve(scenario::shape(load), spec), spec) {}

  std::string describe() const override {
    return fmt::format("ramp_vus up to {} users over {}", peak_vus(), format_duration(duration()));
  }
};

}  // namespace

std::unique_ptr<LoadModel> vus_model(const scenario::VusLoad& load, const scenario::LoadSpec& spec) {
  return std::make_unique<Vus>(load, spec);
}

std::unique_ptr<LoadModel> ramp_vus_model(const scenario::RampVusLoad& load, const scenario::LoadSpec& spec) {
  return std::make_unique<RampVus>(load, spec);
}

}  // namespace rollcall::engine
