#pragma once
// `rollcall compare BASELINE CANDIDATE`: did a deployment make the portal
// slower or less reliable? Per step, p50/p95/p99 and the error ratio; for a
// capacity search, the saturation point. A change is a regression only when
// it is both statistically significant (Mann-Whitney U on the per-interval
// values, so one noisy interval cannot fail a deployment) and larger than
// the tolerance (so a significant but negligible change does not either).
// docs/results-format.md ("Comparing runs") gives the rules.
#include <optional>
#include <string>
#include <vector>

#include "report/junit.hpp"
#include "report/mann_whitney.hpp"
#include "report/results.hpp"

namespace rollcall::report {

struct CompareOptions {
  double tolerance = 0.10;     // relative change allowed (0.10: 10% slower still passes)
  double alpha = 0.05;         // significance level of the two-sided test
  std::size_t min_samples = 8; // per side; fewer: "not enough intervals", never a regression
  // Error ratios differing by less than this (absolute) are never a
  // regression: 0 -> 0.02% errors is not worth failing a deployment.
  double error_ratio_floor = 0.001;
};

struct MetricChange {
  std::string metric;  // "p50_ms", "p95_ms", "p99_ms", "error_ratio", "saturation_per_s"
  double baseline = 0;   // whole-run value (merged histogram, or total ratio)
  double candidate = 0;
  double change = 0;     // (candidate - baseline) / baseline; +inf when baseline is 0 and candidate is not
  std::optional<MannWhitney> test;  // candidate against baseline; nullopt: no per-interval samples
  bool significant = false;
  bool regression = false;
  bool improvement = false;
  std::string note;      // why it was not tested, in words
};

struct StepComparison {
  std::string step;
  std::size_t baseline_intervals = 0, candidate_intervals = 0;
  std::vector<MetricChange> metrics;
  bool regression() const;
};

struct Comparison {
  CompareOptions options;
  std::string baseline_label, candidate_label;  // the directories, for the reports
  int baseline_generators = 1, candidate_generators = 1;  // merged runs: how many generators carried each
  std::vector<StepComparison> steps;            // steps present in both runs
  std::vector<std::string> only_in_baseline, only_in_candidate;
  std::optional<MetricChange> saturation;       // when both runs searched capacity
  bool regression() const;
};

// Both inputs need compute_totals() (read_results_* does it). Intervals the
// generator marked invalid are left out of the samples.
Comparison compare_results(const Results& baseline, const Results& candidate, const CompareOptions& options = {});

std::string compare_text(const Comparison& c);   // a table for people
std::string compare_json(const Comparison& c);   // "schema": "rollcall.compare/1"
std::vector<JunitSuite> compare_junit_suites(const Comparison& c);  // one case per step and metric

}  // namespace rollcall::report
