#include "report/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace rollcall::report {

MannWhitney mann_whitney(std::span<const double> first, std::span<const double> second) {
  MannWhitney r;
  r.n1 = first.size();
  r.n2 = second.size();
  if (r.n1 == 0 || r.n2 == 0) return r;
  struct Value {
    double v;
    bool from_first;
  };
  std::vector<Value> all;
  all.reserve(r.n1 + r.n2);
  for (double v : first) all.push_back({v, true});
  for (double v : second) all.push_back({v, false});
  std::sort(all.begin(), all.end(), [](const Value& a, const Value& b) { return a.v < b.v; });

  // Tied values share the mean of their ranks.
  double rank_sum_first = 0;
  double tie_term = 0;  // sum of t^3 - t over groups of ties
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].v == all[i].v) ++j;
    const double t = static_cast<double>(j - i);
    const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k)
      if (all[k].from_first) rank_sum_first += mean_rank;
    tie_term += t * t * t - t;
    i = j;
  }
  const double n1 = static_cast<double>(r.n1), n2 = static_cast<double>(r.n2), n = n1 + n2;
  r.u = rank_sum_first - n1 * (n1 + 1) / 2;
  r.probability_greater = r.u / (n1 * n2);
  const double mean = n1 * n2 / 2;
  const double variance = n > 1 ? n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))) : 0;
  if (variance <= 0) return r;  // every value tied: no evidence of any shift
  const double distance = std::max(std::abs(r.u - mean) - 0.5, 0.0);
  r.z = std::copysign(distance / std::sqrt(variance), r.u - mean);
  r.p_value = std::min(1.0, std::erfc(distance / std::sqrt(variance) / std::sqrt(2.0)));
  return r;
}

}  // namespace rollcall::report
