#include "analysis/knee.hpp"

#include <algorithm>

namespace rollcall::analysis {

std::optional<double> find_knee(std::vector<CurvePoint> points) {
  std::sort(points.begin(), points.end(), [](const CurvePoint& a, const CurvePoint& b) { return a.load < b.load; });
  points.erase(std::unique(points.begin(), points.end(), [](const CurvePoint& a, const CurvePoint& b) { return a.load == b.load; }),
               points.end());
  if (points.size() < 3) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(points.begin(), points.end(),
                                            [](const CurvePoint& a, const CurvePoint& b) { return a.latency < b.latency; });
  const double x0 = points.front().load, x1 = points.back().load;
  const double y0 = lo->latency, y1 = hi->latency;
  if (y1 <= y0 || points.back().latency <= points.front().latency) return std::nullopt;
  // For a rising convex curve, the knee is where x - y (both scaled) is largest.
  double best = 0.05;  // below this the curve is as good as straight: no knee
  std::optional<double> knee;
  for (const auto& p : points) {
    const double x = (p.load - x0) / (x1 - x0);
    const double y = (p.latency - y0) / (y1 - y0);
    if (x - y > best) {
      best = x - y;
      knee = p.load;
    }
  }
  return knee;
}

}  // namespace rollcall::analysis
