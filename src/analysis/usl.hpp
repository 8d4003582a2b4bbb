#pragma once
// Gunther's Universal Scalability Law fitted to (load, throughput) points:
//
//   X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1))
//
// lambda: throughput per unit of load with no contention (the slope at the
// origin); sigma: contention (serialised work: locks, a single database
// writer); kappa: coherency (work that grows with pairs of users: cache
// invalidation, session replication). With kappa > 0 throughput peaks at
// N* = sqrt((1 - sigma) / kappa) and then falls: retrograde scaling.
//
// Method (docs/capacity.md): a linearised start, then Levenberg-Marquardt.
//   1. lambda0 = X/N at the lowest load (where contention costs least);
//      for that lambda, N lambda / X - 1 = sigma (N - 1) + kappa N (N - 1)
//      is linear in sigma and kappa: least squares gives sigma0, kappa0.
//   2. Levenberg-Marquardt on the squared throughput residuals, with
//      Marquardt's scaling (the parameters differ by orders of magnitude),
//      keeping lambda > 0, 0 <= sigma < 1, kappa >= 0.
// The fit is refused ("the data does not support a fit") with fewer than
// 4 distinct loads, or R^2 below min_r2.
#include <optional>
#include <string>
#include <vector>

namespace rollcall::analysis {

struct UslPoint {
  double load = 0;        // N: offered journeys/s (or users)
  double throughput = 0;  // X: achieved journeys/s
};

struct UslFit {
  bool supported = false;
  std::string why_not;      // when not supported
  double lambda = 0;
  double sigma = 0;
  double kappa = 0;
  double r2 = 0;
  std::optional<double> peak_load;        // N*, when kappa > 0
  std::optional<double> peak_throughput;  // X(N*)

  double predict(double load) const;
  std::string describe() const;
};

UslFit fit_usl(const std::vector<UslPoint>& points, double min_r2 = 0.9);

}  // namespace rollcall::analysis
