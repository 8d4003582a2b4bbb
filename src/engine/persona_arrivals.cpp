#include "engine/persona_arrivals.hpp"

#include <numeric>

namespace rollcall::engine {

std::vector<RateCurve> persona_curves(const LoadModel& model, const std::vector<double>& weights,
                                      const std::vector<std::optional<scenario::ArrivalSpec>>& arrivals,
                                      double time_scale) {
  const double total_weight = std::accumulate(weights.begin(), weights.end(), 0.0);
  const double run = model.duration_s();
  const double all = model.curve().total();
  std::vector<RateCurve> curves;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double share = total_weight > 0 ? weights[i] / total_weight : 0;
    const auto* own = i < arrivals.size() && arrivals[i] ? &*arrivals[i] : nullptr;
    RateCurve c;
    if (own && own->profile) {
      // Its own shape, holding its share of the run's arrivals.
      c = scenario::profile_curve(*own->profile, time_scale, 1);
      const double area = c.total();
      c = area > 0 ? c.scaled(share * all / area) : RateCurve{};
    } else {
      c = model.curve().scaled(share);
    }
    if (own && own->delay.count() > 0) c = c.delayed(static_cast<double>(own->delay.count()) / 1e9 / time_scale);
    curves.push_back(c.lasting(run));
  }
  if (model.max_rate() > 0) {
    double peaks = 0;
    for (const auto& c : curves) peaks += c.peak();
    if (peaks > model.max_rate())
      for (auto& c : curves)
        if (c.peak() > 0) c = c.capped(model.max_rate() * c.peak() / peaks);
  }
  return curves;
}

PersonaStreams persona_streams(const LoadModel& model, const std::vector<double>& weights,
                               const std::vector<std::optional<scenario::ArrivalSpec>>& arrivals, double time_scale) {
  PersonaStreams s;
  s.process = model.process();
  s.curves = persona_curves(model, weights, arrivals, time_scale);
  // The cap holds for the sum: each persona keeps its curve's part of it.
  double peaks = 0;
  for (const auto& c : s.curves) peaks += c.peak();
  for (const auto& c : s.curves) s.max_rates.push_back(model.max_rate() > 0 && peaks > 0 ? model.max_rate() * c.peak() / peaks : 0);
  return s;
}

}  // namespace rollcall::engine
