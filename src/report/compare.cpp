#include "report/compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "report/format.hpp"

namespace rollcall::report {

namespace json = boost::json;

namespace {

struct Samples {
  std::vector<double> p50, p95, p99, error_ratio;
};

// One value per interval in which the step ran and the generator kept up.
Samples samples_of(const Results& r, const std::string& step) {
  Samples s;
  for (const auto& interval : r.intervals) {
    if (!interval.generator.valid) continue;
    for (const auto& si : interval.steps) {
      if (si.step != step || si.count() == 0) continue;
      s.p50.push_back(ms(si.latency.p50_us));
      s.p95.push_back(ms(si.latency.p95_us));
      s.p99.push_back(ms(si.latency.p99_us));
      s.error_ratio.push_back(static_cast<double>(si.errors()) / static_cast<double>(si.count()));
    }
  }
  return s;
}

double relative_change(double baseline, double candidate) {
  if (baseline == 0) return candidate == 0 ? 0 : std::numeric_limits<double>::infinity();
  return (candidate - baseline) / baseline;
}

// Higher is worse for every metric tested on samples (latency, errors).
MetricChange tested(std::string metric, double baseline, double candidate, const std::vector<double>& base_samples,
                    const std::vector<double>& cand_samples, const CompareOptions& o, double absolute_floor = 0) {
  MetricChange m;
  m.metric = std::move(metric);
  m.baseline = baseline;
  m.candidate = candidate;
  m.change = relative_change(baseline, candidate);
  if (base_samples.size() < o.min_samples || cand_samples.size() < o.min_samples) {
    m.note = fmt::format("not enough intervals to test ({} and {}, {} needed)", base_samples.size(),
                         cand_samples.size(), o.min_samples);
    return m;
  }
  m.test = mann_whitney(cand_samples, base_samples);
  m.significant = m.test->p_value < o.alpha;
  const bool large = std::abs(candidate - baseline) > absolute_floor && std::abs(m.change) > o.tolerance;
  m.regression = m.significant && large && m.test->z > 0 && candidate > baseline;
  m.improvement = m.significant && large && m.test->z < 0 && candidate < baseline;
  return m;
}

const StepTotals* find_step(const Results& r, const std::string& name) {
  for (const auto& s : r.step_totals)
    if (s.step == name) return &s;
  return nullptr;
}

std::string verdict_word(const MetricChange& m) {
  if (m.regression) return "REGRESSION";
  if (m.improvement) return "improved";
  if (!m.test && m.metric != "saturation_per_s") return "untested";
  if (m.significant) return "within tolerance";
  return "no significant change";
}

std::string value_text(const MetricChange& m, double v) {
  if (m.metric == "error_ratio") return fmt::format("{:.2f}%", v * 100);
  if (m.metric == "saturation_per_s") return fmt::format("{:.2f}/s", v);
  return fmt::format("{:.2f} ms", v);
}

std::string change_text(double change) {
  if (std::isinf(change)) return "new";
  return fmt::format("{:+.1f}%", change * 100);
}

json::value finite(double v) { return std::isfinite(v) ? json::value(v) : json::value(nullptr); }

json::object metric_json(const MetricChange& m) {
  json::object o{{"metric", m.metric},       {"baseline", m.baseline},      {"candidate", m.candidate},
                 {"change", finite(m.change)}, {"significant", m.significant}, {"regression", m.regression},
                 {"improvement", m.improvement}};
  if (m.test)
    o["test"] = json::object{{"name", "mann-whitney-u"}, {"u", m.test->u},
                             {"z", m.test->z},           {"p_value", m.test->p_value},
                             {"n_baseline", m.test->n2}, {"n_candidate", m.test->n1},
                             {"probability_greater", m.test->probability_greater}};
  if (!m.note.empty()) o["note"] = m.note;
  return o;
}

std::string case_text(const MetricChange& m) {
  std::string text = fmt::format("{}: baseline {}, candidate {} ({})", m.metric, value_text(m, m.baseline),
                                 value_text(m, m.candidate), change_text(m.change));
  if (m.test) text += fmt::format(", Mann-Whitney p = {:.3g}", m.test->p_value);
  if (!m.note.empty()) text += "; " + m.note;
  return text;
}

}  // namespace

bool StepComparison::regression() const {
  return std::any_of(metrics.begin(), metrics.end(), [](const MetricChange& m) { return m.regression; });
}

bool Comparison::regression() const {
  return std::any_of(steps.begin(), steps.end(), [](const StepComparison& s) { return s.regression(); }) ||
         (saturation && saturation->regression);
}

Comparison compare_results(const Results& baseline, const Results& candidate, const CompareOptions& o) {
  Comparison c;
  c.options = o;
  c.baseline_generators = baseline.run.generators;
  c.candidate_generators = candidate.run.generators;
  for (const auto& b : baseline.step_totals) {
    const StepTotals* k = find_step(candidate, b.step);
    if (!k) {
      c.only_in_baseline.push_back(b.step);
      continue;
    }
    const Samples bs = samples_of(baseline, b.step), ks = samples_of(candidate, b.step);
    StepComparison sc;
    sc.step = b.step;
    sc.baseline_intervals = bs.p50.size();
    sc.candidate_intervals = ks.p50.size();
    sc.metrics.push_back(tested("p50_ms", ms(b.percentile(50)), ms(k->percentile(50)), bs.p50, ks.p50, o));
    sc.metrics.push_back(tested("p95_ms", ms(b.percentile(95)), ms(k->percentile(95)), bs.p95, ks.p95, o));
    sc.metrics.push_back(tested("p99_ms", ms(b.percentile(99)), ms(k->percentile(99)), bs.p99, ks.p99, o));
    sc.metrics.push_back(tested("error_ratio", b.error_ratio(), k->error_ratio(), bs.error_ratio, ks.error_ratio, o,
                                o.error_ratio_floor));
    c.steps.push_back(std::move(sc));
  }
  for (const auto& k : candidate.step_totals)
    if (!find_step(baseline, k.step)) c.only_in_candidate.push_back(k.step);
  if (baseline.saturation && candidate.saturation) {
    // One value per run: no test is possible, the tolerance alone decides.
    MetricChange m;
    m.metric = "saturation_per_s";
    m.baseline = baseline.saturation->rate_per_s;
    m.candidate = candidate.saturation->rate_per_s;
    m.change = relative_change(m.baseline, m.candidate);
    m.regression = m.change < -o.tolerance;
    m.improvement = m.change > o.tolerance;
    m.note = "one value per run: judged on the tolerance alone";
    c.saturation = m;
  }
  return c;
}

namespace {

std::string generators_text(int n) { return n == 1 ? "1 generator" : fmt::format("{} generators", n); }

}  // namespace

std::string compare_text(const Comparison& c) {
  std::string out = fmt::format("rollcall compare  {} -> {}  (tolerance {:.0f}%, alpha {:g}, Mann-Whitney U on per-interval values)\n\n",
                                c.baseline_label, c.candidate_label, c.options.tolerance * 100, c.options.alpha);
  // A merged run's load came from several machines: worth knowing before reading a change.
  if (c.baseline_generators > 1 || c.candidate_generators > 1)
    out += fmt::format("  generators: baseline {}, candidate {}\n\n", generators_text(c.baseline_generators),
                       generators_text(c.candidate_generators));
  std::size_t width = 4;
  for (const auto& s : c.steps) width = std::max(width, s.step.size());
  out += fmt::format("  {:<{}}  {:<11} {:>12} {:>12} {:>8} {:>9}  {}\n", "step", width, "metric", "baseline", "candidate",
                     "change", "p-value", "verdict");
  for (const auto& s : c.steps)
    for (const auto& m : s.metrics)
      out += fmt::format("  {:<{}}  {:<11} {:>12} {:>12} {:>8} {:>9}  {}\n", s.step, width, m.metric,
                         value_text(m, m.baseline), value_text(m, m.candidate), change_text(m.change),
                         m.test ? fmt::format("{:.3g}", m.test->p_value) : "-", verdict_word(m));
  if (c.saturation)
    out += fmt::format("\n  saturation point  {} -> {} ({})  {}\n", value_text(*c.saturation, c.saturation->baseline),
                       value_text(*c.saturation, c.saturation->candidate), change_text(c.saturation->change),
                       verdict_word(*c.saturation));
  for (const auto& s : c.only_in_baseline) out += fmt::format("\n  step '{}' is only in the baseline", s);
  for (const auto& s : c.only_in_candidate) out += fmt::format("\n  step '{}' is only in the candidate", s);
  if (!c.only_in_baseline.empty() || !c.only_in_candidate.empty()) out += "\n";
  out += c.regression() ? "\n  verdict: REGRESSION\n" : "\n  verdict: no regression\n";
  return out;
}

std::string compare_json(const Comparison& c) {
  json::array steps;
  for (const auto& s : c.steps) {
    json::array metrics;
    for (const auto& m : s.metrics) metrics.push_back(metric_json(m));
    steps.push_back(json::object{{"name", s.step},
                                 {"baseline_intervals", s.baseline_intervals},
                                 {"candidate_intervals", s.candidate_intervals},
                                 {"regression", s.regression()},
                                 {"metrics", std::move(metrics)}});
  }
  json::object out{{"schema", "rollcall.compare/1"},
                   {"baseline", c.baseline_label},
                   {"candidate", c.candidate_label},
                   {"baseline_generators", c.baseline_generators},
                   {"candidate_generators", c.candidate_generators},
                   {"tolerance", c.options.tolerance},
                   {"alpha", c.options.alpha},
                   {"test", "mann-whitney-u, normal approximation, tie and continuity corrected, two-sided"},
                   {"regression", c.regression()},
                   {"steps", std::move(steps)},
                   {"saturation", c.saturation ? json::value(metric_json(*c.saturation)) : json::value(nullptr)},
                   {"only_in_baseline", json::array(c.only_in_baseline.begin(), c.only_in_baseline.end())},
                   {"only_in_candidate", json::array(c.only_in_candidate.begin(), c.only_in_candidate.end())}};
  return json::serialize(out) + "\n";
}

std::vector<JunitSuite> compare_junit_suites(const Comparison& c) {
  JunitSuite suite;
  suite.name = "compare";
  auto add = [&](const std::string& group, const MetricChange& m) {
    JunitCase jc = junit_case("rollcall.compare", fmt::format("{} {}", group, m.metric));
    const auto text = case_text(m);
    if (m.regression) jc.failure = fmt::format("{} exceeds the {:.0f}% tolerance", text, c.options.tolerance * 100);
    else jc.output = text;
    suite.cases.push_back(std::move(jc));
  };
  for (const auto& s : c.steps)
    for (const auto& m : s.metrics) add(s.step, m);
  if (c.saturation) add("capacity", *c.saturation);
  return {suite};
}

}  // namespace rollcall::report
