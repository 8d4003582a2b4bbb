#include "scenario/load_shape.hpp"

#include <algorithm>
#include <type_traits>

#include "common/duration.hpp"

namespace rollcall::scenario {

namespace {

// Stages move the level linearly to their target; a hold keeps it.
RateCurve staged(double level, const std::vector<Stage>& stages) {
  RateCurve c;
  for (const auto& s : stages) {
    const double to = s.hold ? level : s.target;
    c.add(seconds(s.over), level, to);
    level = to;
  }
  return c;
}

}  // namespace

RateCurve shape(const ConstantLoad& load, Duration length) { return RateCurve().hold(seconds(length), load.rate); }

RateCurve shape(const RampLoad& load) { return RateCurve().add(seconds(load.over), load.from, load.to); }

RateCurve shape(const StagesLoad& load) { return staged(load.start, load.stages); }

RateCurve shape(const StepsLoad& load) {
  RateCurve c;
  for (unsigned i = 0; i < load.count; ++i) c.hold(seconds(load.every), load.start + load.step * i);
  return c;
}

RateCurve shape(const ProfileLoad& load, double time_scale) { return profile_curve(load.profile, time_scale, load.peak); }

RateCurve shape(const VusLoad& load, Duration length) { return RateCurve().hold(seconds(length), load.vus); }

RateCurve shape(const RampVusLoad& load) { return staged(0, load.stages); }

RateCurve shape(const LoadSpec& spec) {
  return std::visit(
      [&spec](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, ConstantLoad> || std::is_same_v<M, VusLoad>)
          return shape(m, spec.duration.value_or(flat_default_length));
        else if constexpr (std::is_same_v<M, ProfileLoad>)
          return shape(m, spec.time_scale);
        else
          return shape(m);
      },
      spec.model);
}

RateCurve profile_curve(const Profile& profile, double time_scale, double peak) {
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

}  // namespace rollcall::scenario
