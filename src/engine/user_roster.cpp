#include "engine/user_roster.hpp"

#include <algorithm>

namespace rollcall::engine {

std::optional<double> first_time_at(const RateCurve& curve, double level, double from) {
  for (const auto& p : curve.pieces()) {
    const double end = p.start + p.length;
    if (end <= from) continue;
    const double a = std::max(p.start, from);
    const double at_a = p.from + (p.to - p.from) * (a - p.start) / p.length;
    if (at_a >= level - 1e-9) return a;
    if (p.to >= level - 1e-9 && p.to > p.from) return p.start + (level - p.from) / (p.to - p.from) * p.length;
  }
  return std::nullopt;
}

UserRoster::UserRoster(const LoadModel& model, const std::vector<double>& weights, Slice slice)
    : model_(&model), picker_(weights), slice_(slice), peak_(model.peak_vus()) {}

std::optional<UserStart> UserRoster::next() {
  while (!ended_ && v_ < peak_) {
    const unsigned v = v_++;
    const std::size_t persona = picker_.next();  // every slice walks the same sequence: shares hold globally
    if (!slice_.owns(v)) continue;
    const auto first = first_time_at(model_->curve(), v + 1, 0);
    if (!first) break;  // levels never reach v + 1: nor any user after it
    return UserStart{v, persona, *first};
  }
  ended_ = true;
  return std::nullopt;
}

}  // namespace rollcall::engine
