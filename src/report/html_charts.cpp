#include "report/html_charts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "report/capacity_story.hpp"
#include "report/format.hpp"

namespace rollcall::report {

namespace {

Series series(const Results& r, std::string_view name, const char* css, const std::vector<Point>& points, Reduce how) {
  Series s;
  s.name = std::string(name);
  s.css_class = css;
  s.points = downsample(points, drawn_points_per_series(r), how);
  return s;
}

std::string rung_class(Verdict v) {
  switch (v) {
    case Verdict::pass: return "band-pass";
    case Verdict::fail: return "band-fail";
    case Verdict::invalid: return "band-invalid";
  }
  return "band-invalid";
}

ChartSpec base(const std::string& id, std::string_view title, const Strings& s) {
  ChartSpec c;
  c.id = id;
  c.title = std::string(title);
  c.x.label = std::string(s.time);
  c.x.format = AxisFormat::clock;
  c.decimal_separator = std::string(s.decimal);
  return c;
}

}  // namespace

std::size_t drawn_points_per_series(const Results& r) {
  constexpr std::size_t kPoints = 600, kSteps = 12, kFloor = 120;
  std::size_t steps = 0;
  for (const auto& s : r.step_totals) steps += s.count() > 0 ? 1 : 0;
  return steps <= kSteps ? kPoints : std::max(kFloor, kPoints * kSteps / steps);
}

std::size_t seconds_per_point(const Results& r) {
  const auto n = r.intervals.size();
  const auto budget = drawn_points_per_series(r);
  return n <= budget ? 1 : (n + budget - 1) / budget;
}

ChartSpec arrivals_chart(const Results& r, const Strings& s) {
  ChartSpec c = base("chart-arrivals", s.arrivals, s);
  c.y.label = std::string(s.arrivals_per_s);
  std::vector<Point> offered, achieved;
  for (const auto& i : r.intervals) {
    offered.emplace_back(i.t_s, i.offered_per_s);
    achieved.emplace_back(i.t_s, i.achieved_per_s);
  }
  c.series.push_back(series(r, s.offered, "c1", offered, Reduce::mean));
  c.series.push_back(series(r, s.achieved, "c2", achieved, Reduce::mean));
  for (const auto& rung : r.capacity_steps) {
    const std::string_view word =
        rung.verdict == Verdict::pass ? s.rung_pass : rung.verdict == Verdict::fail ? s.rung_fail : s.rung_invalid;
    c.bands.push_back(Band{rung.start_s, rung.end_s, rung_class(rung.verdict),
                           fmt::format("{} {}: {:g}/s, {}", s.rung, rung.index, rung.offered_per_s, word)});
  }
  return c;
}

ChartSpec latency_chart(const Results& r, const Strings& s, const std::string& step, const std::string& id) {
  ChartSpec c = base(id, fmt::format("{} — {}", s.latency, step), s);
  c.y.label = std::string(s.latency_ms);
  std::vector<Point> p50, p95, p99;
  for (const auto& i : r.intervals)
    for (const auto& si : i.steps) {
      if (si.step != step || si.count() == 0) continue;
      p50.emplace_back(i.t_s, ms(si.latency.p50_us));
      p95.emplace_back(i.t_s, ms(si.latency.p95_us));
      p99.emplace_back(i.t_s, ms(si.latency.p99_us));
    }
  c.series.push_back(series(r, "p50", "c2", p50, Reduce::max));
  c.series.push_back(series(r, "p95", "c3", p95, Reduce::max));
  c.series.push_back(series(r, "p99", "c4", p99, Reduce::max));
  for (const auto& rung : r.capacity_steps)
    if (rung.verdict != Verdict::pass) c.bands.push_back(Band{rung.start_s, rung.end_s, rung_class(rung.verdict), ""});
  return c;
}

std::optional<ChartSpec> saturation_chart(const Results& r, const Strings& s) {
  if (r.capacity_steps.empty()) return std::nullopt;
  ChartSpec c;
  c.id = "chart-saturation";
  c.title = std::string(s.saturation_curve);
  c.decimal_separator = std::string(s.decimal);
  c.x.label = std::string(s.offered_rate);
  c.y.label = std::string(s.p95_ms);
  c.y2 = Axis{std::string(s.error_pct), AxisFormat::number, 0.0, std::nullopt};
  Series p95, errors;
  p95.name = std::string(s.p95_ms);
  p95.css_class = "c3";
  p95.dots = true;
  errors.name = std::string(s.error_pct);
  errors.css_class = "c5";
  errors.dots = true;
  errors.right_axis = true;
  std::vector<CapacityStep> rungs = r.capacity_steps;
  std::sort(rungs.begin(), rungs.end(), [](const auto& a, const auto& b) { return a.offered_per_s < b.offered_per_s; });
  for (const auto& rung : rungs) {
    p95.points.emplace_back(rung.offered_per_s, rung.p95_ms);
    errors.points.emplace_back(rung.offered_per_s, rung.error_ratio * 100);
  }
  c.series = {p95, errors};
  c.x.min = 0.0;
  if (r.saturation) {
    if (r.saturation->knee_per_s) c.markers.push_back(Marker{*r.saturation->knee_per_s, std::string(s.knee), "marker-knee"});
    c.markers.push_back(Marker{r.saturation->rate_per_s, std::string(s.saturation), "marker-saturation"});
  }
  return c;
}

std::optional<ChartSpec> usl_chart(const Results& r, const Strings& s) {
  if (r.capacity_steps.empty()) return std::nullopt;
  ChartSpec c;
  c.id = "chart-usl";
  c.title = std::string(s.usl_title);
  c.decimal_separator = std::string(s.decimal);
  c.x.label = std::string(s.offered_rate);
  c.y.label = std::string(s.throughput);
  c.x.min = 0.0;
  Series measured;
  measured.name = std::string(s.measured_throughput);
  measured.css_class = "c2";
  measured.line = false;
  measured.dots = true;
  double top = 0;
  for (const auto& rung : r.capacity_steps) {
    measured.points.emplace_back(rung.offered_per_s, rung.achieved_per_s);
    top = std::max(top, rung.offered_per_s);
  }
  std::sort(measured.points.begin(), measured.points.end());
  c.series.push_back(measured);
  // The curve only where the verdict states the fit (capacity_story.hpp):
  // solid as a finding, dashed when the measurement contradicts it, not at
  // all when the data does not support one; its peak is marked only as a
  // finding, so that the chart never says what the sentences refuse.
  const auto statement = r.saturation ? usl_statement_of(*r.saturation) : capacity::UslStatement{};
  if (r.saturation && r.saturation->usl && statement.use != capacity::UslStatement::Use::unsupported) {
    const UslFit& fit = *r.saturation->usl;
    Series curve;
    curve.name = std::string(s.usl_fit);
    curve.css_class = "c6";
    curve.dashed = statement.use != capacity::UslStatement::Use::finding;
    constexpr int kSamples = 80;
    const double end = top * 1.15;
    for (int k = 1; k <= kSamples; ++k) {
      const double n = end * k / kSamples;
      curve.points.emplace_back(n, fit.at(n));
    }
    c.series.push_back(curve);
    if (statement.use == capacity::UslStatement::Use::finding && fit.peak_per_s > 0 && fit.peak_per_s <= end)
      c.markers.push_back(Marker{fit.peak_per_s, "USL peak", "marker-knee"});
  }
  return c;
}

ChartSpec generator_chart(const Results& r, const Strings& s) {
  ChartSpec c = base("chart-generator", s.generator, s);
  c.y.label = "ms";
  c.y2 = Axis{std::string(s.cpu), AxisFormat::number, 0.0, std::nullopt};
  std::vector<Point> lag, lateness, cpu;
  for (const auto& i : r.intervals) {
    lag.emplace_back(i.t_s, i.generator.loop_lag_p99_ms);
    lateness.emplace_back(i.t_s, i.generator.lateness_p99_ms);
    cpu.emplace_back(i.t_s, i.generator.cpu_percent);
  }
  c.series.push_back(series(r, s.loop_lag, "c1", lag, Reduce::max));
  c.series.push_back(series(r, s.lateness, "c4", lateness, Reduce::max));
  Series cpu_series = series(r, s.cpu, "c2", cpu, Reduce::max);
  cpu_series.right_axis = true;
  c.series.push_back(cpu_series);
  // Consecutive invalid intervals make one band, so a bad stretch is one shape.
  for (const auto& i : r.intervals) {
    if (i.generator.valid) continue;
    if (!c.bands.empty() && c.bands.back().x1 >= i.t_s - 1e-6) {
      c.bands.back().x1 = i.t_s + i.length_s;
      continue;
    }
    c.bands.push_back(Band{i.t_s, i.t_s + i.length_s, "band-invalid",
                           fmt::format("{}: {}", s.invalid_interval, i.generator.invalid_reason)});
  }
  return c;
}

}  // namespace rollcall::report
