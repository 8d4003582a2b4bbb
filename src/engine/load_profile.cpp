// profile: a time-of-day curve of relative intensity (the 7:30-9:00 rush,
// sharpest at 7:55) played compressed in time (time_scale 30 plays 90
// minutes in 3), its highest point at `peak` journeys per second.
#include <fmt/format.h>

#include "common/duration.hpp"
#include "engine/load_model.hpp"

namespace rollcall::engine {

namespace {

class TimeProfile final : public LoadModel {
 public:
  TimeProfile(const scenario::ProfileLoad& load, const scenario::LoadSpec& spec)
      : LoadModel(true, finish_curve(scenario::shape(load, spec.time_scale), spec), spec),
        first_minute_(load.profile.points.empty() ? 0 : load.profile.points.front().minute),
        last_minute_(load.profile.points.empty() ? 0 : load.profile.points.back().minute),
        time_scale_(spec.time_scale) {}

  std::string describe() const override {
    auto hhmm = [](double minute) { return fmt::format("{}:{:02}", static_cast<int>(minute) / 60, static_cast<int>(minute) % 60); };
    return fmt::format("profile {}-{} at up to {:g}/s, played {:g}x faster ({}){}", hhmm(first_minute_),
                       hhmm(last_minute_), curve().peak(), time_scale_, format_duration(duration()),
                       process() == ArrivalProcess::poisson ? ", poisson" : "");
  }

 private:
  double first_minute_;
  double last_minute_;
  double time_scale_;
};

}  // namespace

std::unique_ptr<LoadModel> profile_model(const scenario::ProfileLoad& load, const scenario::LoadSpec& spec) {
  return std::make_unique<TimeProfile>(load, spec);
}

}  // namespace rollcall::engine
