#pragma once
// The Mann-Whitney U test (Wilcoxon rank-sum), used by `rollcall compare` to
// tell a real change in per-interval latencies or error ratios from noise.
// Rank-based: it assumes nothing about the shape of the distributions, which
// latencies never follow (skewed, multi-modal, heavy-tailed).
#include <span>

namespace rollcall::report {

struct MannWhitney {
  double u = 0;        // U of the first sample: how often a first-sample value beats a second-sample one
  double z = 0;        // normal approximation, continuity- and tie-corrected; > 0: first sample larger
  double p_value = 1;  // two-sided
  // P(first > second) + P(first == second) / 2: 0.5 means no shift. The
  // effect size that goes with U (the common-language effect size).
  double probability_greater = 0.5;
  std::size_t n1 = 0, n2 = 0;
};

// Normal approximation with tie correction
//   sigma^2 = n1 n2 / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1)))
// and a continuity correction of 0.5, as SciPy's
// mannwhitneyu(method="asymptotic", use_continuity=True). Good from about 8
// values per sample; with a 1 s interval a run has hundreds. An empty
// sample, or every value tied, gives p = 1.
MannWhitney mann_whitney(std::span<const double> first, std::span<const double> second);

}  // namespace rollcall::report
