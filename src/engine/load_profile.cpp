// profile: a time-of-day curve of relative intensity (the 7:30-9:00 rush,
// sharpest at 7:55) played compressed in time (time_scale 30 plays 90
// minutes in 3), its highest point at `peak` journeys per second.
#include <algorithm>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "engine/load_model.hpp"

namespace rollcall::engine {

RateCurve profile_curve(const scenario::Profile& profile, double time_scale, double peak) {
  RateCurve c;
  double highest = 0;
  for (const auto& p : profile.points) highest = std::max(highest, p.share);
  if (highest <= 0 || time_scale <= 0) return c;
  const double level = peak / highest;
  for (std::size_t i = 1; i < profile.points.size(); ++i) {
    const auto& a = profile.points[i - 1];
    const auto& b = profile.points[i];
    c.add((b.minute - a.minute) * 60 / time_scale, a.share * level, b.share * level);
  }
  return c;
}

namespace {

class TimeProfile final : public LoadModel {
 public:
  explicit TimeProfile(const scenario::LoadSpec& spec) : LoadModel(true, shape(spec), spec), spec_(spec) {}

  std::string describe() const override {
    const auto& pts = spec_.profile->points;
    auto hhmm = [](double minute) { return fmt::format("{}:{:02}", static_cast<int>(minute) / 60, static_cast<int>(minute) % 60); };
    return fmt::format("profile {}-{} at up to {:g}/s, played {:g}x faster ({}){}", hhmm(pts.front().minute),
                       hhmm(pts.back().minute), curve().peak(), spec_.time_scale, format_duration(duration()),
                       process() == ArrivalProcess::poisson ? ", poisson" : "");
  }

 private:
  static RateCurve shape(const scenario::LoadSpec& spec) {
    if (!spec.profile) return {};
    return finish_curve(profile_curve(*spec.profile, spec.time_scale, spec.peak), spec);
  }

  scenario::LoadSpec spec_;
};

}  // namespace

std::unique_ptr<LoadModel> profile_model(const scenario::LoadSpec& spec) { return std::make_unique<TimeProfile>(spec); }

}  // namespace rollcall::engine
