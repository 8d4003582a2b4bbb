#include "analysis/usl.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace rollcall::analysis {

namespace {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<Vec3, 3>;

double model(double n, const Vec3& p) { return p[0] * n / (1 + p[1] * (n - 1) + p[2] * n * (n - 1)); }

// Solves a x = b by Gaussian elimination with partial pivoting; false when singular.
bool solve(Mat3 a, Vec3 b, Vec3& x) {
  for (int c = 0; c < 3; ++c) {
    int pivot = c;
    for (int r = c + 1; r < 3; ++r)
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    if (std::abs(a[pivot][c]) < 1e-300) return false;
    std::swap(a[c], a[pivot]);
    std::swap(b[c], b[pivot]);
    for (int r = c + 1; r < 3; ++r) {
      const double f = a[r][c] / a[c][c];
      for (int k = c; k < 3; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  for (int c = 2; c >= 0; --c) {
    double s = b[c];
    for (int k = c + 1; k < 3; ++k) s -= a[c][k] * x[k];
    x[c] = s / a[c][c];
  }
  return true;
}

double sse(const std::vector<UslPoint>& pts, const Vec3& p) {
  double s = 0;
  for (const auto& q : pts) {
    const double r = q.throughput - model(q.load, p);
    s += r * r;
  }
  return s;
}

Vec3 bounded(Vec3 p) {
  p[0] = std::max(p[0], 1e-12);
  p[1] = std::clamp(p[1], 0.0, 1 - 1e-9);
  p[2] = std::max(p[2], 0.0);
  return p;
}

// Step 1: lambda from the lowest load, then sigma and kappa by linear least
// squares on N lambda / X - 1 = sigma (N - 1) + kappa N (N - 1).
Vec3 linearised_start(const std::vector<UslPoint>& pts) {
  const auto lowest = *std::min_element(pts.begin(), pts.end(), [](const UslPoint& a, const UslPoint& b) { return a.load < b.load; });
  const double lambda = lowest.throughput / lowest.load;
  double saa = 0, sab = 0, sbb = 0, say = 0, sby = 0;
  for (const auto& q : pts) {
    const double a = q.load - 1, b = q.load * (q.load - 1);
    const double y = q.load * lambda / q.throughput - 1;
    saa += a * a;
    sab += a * b;
    sbb += b * b;
    say += a * y;
    sby += b * y;
  }
  const double det = saa * sbb - sab * sab;
  double sigma = 0, kappa = 0;
  if (std::abs(det) > 1e-300) {
    sigma = (say * sbb - sby * sab) / det;
    kappa = (saa * sby - sab * say) / det;
  }
  return bounded({lambda, sigma, kappa});
}

// Step 2: Levenberg-Marquardt with Marquardt's diagonal scaling.
Vec3 refine(const std::vector<UslPoint>& pts, Vec3 p) {
  double mu = 1e-3;
  double current = sse(pts, p);
  for (int iteration = 0; iteration < 200; ++iteration) {
    Mat3 jtj{};
    Vec3 jtr{};
    for (const auto& q : pts) {
      const double n = q.load;
      const double d = 1 + p[1] * (n - 1) + p[2] * n * (n - 1);
      const Vec3 j = {n / d, -p[0] * n * (n - 1) / (d * d), -p[0] * n * n * (n - 1) / (d * d)};
      const double r = q.throughput - p[0] * n / d;
      for (int a = 0; a < 3; ++a) {
        jtr[a] += j[a] * r;
        for (int b = 0; b < 3; ++b) jtj[a][b] += j[a] * j[b];
      }
    }
    bool improved = false;
    while (mu < 1e12) {
      Mat3 m = jtj;
      for (int a = 0; a < 3; ++a) m[a][a] += mu * std::max(jtj[a][a], 1e-300);
      Vec3 delta{};
      if (!solve(m, jtr, delta)) {
        mu *= 10;
        continue;
      }
      const Vec3 trial = bounded({p[0] + delta[0], p[1] + delta[1], p[2] + delta[2]});
      const double s = sse(pts, trial);
      if (s < current) {
        const double gain = current - s;
        p = trial;
        current = s;
        mu = std::max(mu / 10, 1e-12);
        improved = gain > 1e-15 * std::max(current, 1e-300);
        break;
      }
      mu *= 10;
    }
    if (!improved) break;
  }
  return p;
}

}  // namespace

double UslFit::predict(double n) const { return model(n, {lambda, sigma, kappa}); }

std::string UslFit::describe() const {
  if (!supported) return "the data does not support a scalability fit: " + why_not;
  std::string s = fmt::format("USL fit (R² {:.3f}): contention σ {:.3g}, coherency κ {:.3g}, λ {:.3g}", r2, sigma, kappa, lambda);
  if (peak_load) s += fmt::format("; throughput peaks at {:.4g}/s under a load of {:.4g}/s", *peak_throughput, *peak_load);
  else s += "; no peak predicted (κ = 0): throughput levels off";
  return s;
}

UslFit fit_usl(const std::vector<UslPoint>& input, double min_r2) {
  UslFit fit;
  std::vector<UslPoint> pts;
  for (const auto& q : input)
    if (q.load > 0 && q.throughput > 0 && std::isfinite(q.load) && std::isfinite(q.throughput)) pts.push_back(q);
  std::set<double> loads;
  for (const auto& q : pts) loads.insert(q.load);
  if (loads.size() < 4) {
    fit.why_not = fmt::format("{} distinct loads with throughput, at least 4 needed for 3 coefficients", loads.size());
    return fit;
  }
  const Vec3 p = refine(pts, linearised_start(pts));
  fit.lambda = p[0];
  fit.sigma = p[1];
  fit.kappa = p[2];
  double mean = 0;
  for (const auto& q : pts) mean += q.throughput;
  mean /= static_cast<double>(pts.size());
  double total = 0;
  for (const auto& q : pts) total += (q.throughput - mean) * (q.throughput - mean);
  fit.r2 = total > 0 ? 1 - sse(pts, p) / total : 0;
  if (fit.kappa > 0) {
    fit.peak_load = std::sqrt((1 - fit.sigma) / fit.kappa);
    fit.peak_throughput = fit.predict(*fit.peak_load);
  }
  if (fit.r2 < min_r2) {
    fit.why_not = fmt::format("R² {:.2f} below {:.2f}: the points do not follow the law", fit.r2, min_r2);
    return fit;
  }
  fit.supported = true;
  return fit;
}

}  // namespace rollcall::analysis
