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
  explicit Vus(const scenario::LoadSpec& spec) : LoadModel(false, shape(spec), spec), ramp_(spec.model == scenario::LoadSpec::Model::ramp_vus) {}

  std::string describe() const override {
    if (ramp_) return fmt::format("ramp_vus up to {} users over {}", peak_vus(), format_duration(duration()));
    return fmt::format("{} users for {}", peak_vus(), format_duration(duration()));
  }

 private:
  static RateCurve shape(const scenario::LoadSpec& spec) {
    RateCurve c;
    if (spec.model == scenario::LoadSpec::Model::ramp_vus) {
      double level = 0;
      for (const auto& s : spec.stages) {
        const double to = s.hold ? level : s.target;
        c.add(seconds(s.over), level, to);
        level = to;
      }
    } else {
      c.hold(spec.duration ? seconds(*spec.duration) : 60, spec.vus);
    }
    return finish_curve(std::move(c), spec);
  }

  bool ramp_;
};

}  // namespace

std::unique_ptr<LoadModel> vus_model(const scenario::LoadSpec& spec) { return std::make_unique<Vus>(spec); }

}  // namespace rollcall::engine
