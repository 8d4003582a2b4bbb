#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "report/xml.hpp"

namespace rollcall::report {

namespace {

constexpr double kLeft = 64, kRight = 64, kTop = 34, kBottom = 44;

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

Range axis_range(const Axis& axis, Range data, bool from_zero) {
  if (data.empty()) data = {0, 1};
  if (from_zero) data.lo = std::min(data.lo, 0.0);
  if (axis.min) data.lo = *axis.min;
  if (axis.max) data.hi = *axis.max;
  if (data.hi <= data.lo) data.hi = data.lo + 1;
  return data;
}

std::string tick_text(double v, AxisFormat format, double step, const std::string& decimal) {
  std::string text;
  if (format == AxisFormat::clock) {
    const auto s = static_cast<long long>(std::llround(v));
    text = s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) : fmt::format("{}:{:02}", s / 60, s % 60);
    return text;
  }
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
  text = fmt::format("{:.{}f}", v, decimals);
  if (format == AxisFormat::percent) text += "%";
  if (decimal != ".")
    if (auto dot = text.find('.'); dot != std::string::npos) text.replace(dot, 1, decimal);
  return text;
}

// Clock ticks fall on whole minutes or hours when the span allows.
std::vector<double> clock_ticks(double lo, double hi) {
  static constexpr double kSteps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400};
  double step = kSteps[std::size(kSteps) - 1];
  for (double s : kSteps)
    if ((hi - lo) / s <= 8) {
      step = s;
      break;
    }
  std::vector<double> out;
  for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push_back(v);
  return out;
}

std::string coordinate(double v) { return fmt::format("{:.1f}", v); }

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target_count) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / std::max(1, target_count);
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  std::vector<double> out;
  for (double v = std::floor(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  if (out.size() < 2) out.push_back(out.empty() ? lo : out.back() + step);
  return out;
}

std::vector<Point> downsample(const std::vector<Point>& points, std::size_t max_points, Reduce how) {
  if (max_points == 0 || points.size() <= max_points) return points;
  const std::size_t per = (points.size() + max_points - 1) / max_points;
  std::vector<Point> out;
  out.reserve(points.size() / per + 1);
  for (std::size_t i = 0; i < points.size(); i += per) {
    const std::size_t end = std::min(points.size(), i + per);
    double y = how == Reduce::max ? -std::numeric_limits<double>::infinity() : 0;
    for (std::size_t k = i; k < end; ++k) y = how == Reduce::max ? std::max(y, points[k].second) : y + points[k].second;
    if (how == Reduce::mean) y /= static_cast<double>(end - i);
    out.emplace_back(points[i].first, y);
  }
  return out;
}

std::string render_chart(const ChartSpec& spec) {
  Range xr, yr, y2r;
  for (const auto& s : spec.series)
    for (const auto& [x, y] : s.points) {
      xr.add(x);
      (s.right_axis ? y2r : yr).add(y);
    }
  for (const auto& b : spec.bands) {
    xr.add(b.x0);
    xr.add(b.x1);
  }
  for (const auto& m : spec.markers) xr.add(m.x);
  const Range x = axis_range(spec.x, xr, false);
  const auto y_ticks_raw = nice_ticks(axis_range(spec.y, yr, true).lo, axis_range(spec.y, yr, true).hi);
  const Range y{y_ticks_raw.front(), y_ticks_raw.back()};
  std::vector<double> y2_ticks;
  Range y2{0, 1};
  if (spec.y2) {
    const Range r = axis_range(*spec.y2, y2r, true);
    y2_ticks = nice_ticks(r.lo, r.hi);
    y2 = {y2_ticks.front(), y2_ticks.back()};
  }
  const double w = spec.width, h = spec.height;
  const double pw = w - kLeft - kRight, ph = h - kTop - kBottom;
  auto sx = [&](double v) { return kLeft + (v - x.lo) / (x.hi - x.lo) * pw; };
  auto sy = [&](double v, bool right) {
    const Range& r = right ? y2 : y;
    return kTop + ph - (std::clamp(v, r.lo, r.hi) - r.lo) / (r.hi - r.lo) * ph;
  };

  std::size_t total_points = 0;
  // The sum of its elements' data-points: a series drawn as a line and as dots counts twice.
  for (const auto& s : spec.series)
    total_points += s.points.empty() ? 0 : s.points.size() * ((s.line ? 1u : 0u) + (s.dots ? 1u : 0u));

  std::string out = fmt::format(
      "<svg class=\"chart\" id=\"{}\" data-points=\"{}\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" "
      "xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>\n",
      xml_escape(spec.id), total_points, spec.width, spec.height, xml_escape(spec.title));
  // Bands first, under everything else.
  for (const auto& b : spec.bands) {
    const double x0 = sx(std::max(b.x0, x.lo)), x1 = sx(std::min(b.x1, x.hi));
    if (x1 <= x0) continue;
    out += fmt::format("<rect class=\"band {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>\n",
                       b.css_class, coordinate(x0), coordinate(kTop), coordinate(x1 - x0), coordinate(ph),
                       xml_escape(b.title));
  }
  // Grid and axes.
  out += "<g class=\"axis\">";
  for (double t : nice_ticks(y.lo, y.hi)) {
    if (t < y.lo - 1e-9 || t > y.hi + 1e-9) continue;
    out += fmt::format("<line class=\"grid\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\"/><text x=\"{3}\" y=\"{2}\" dy=\"0.32em\" text-anchor=\"end\">{4}</text>",
                       coordinate(kLeft), coordinate(kLeft + pw), coordinate(sy(t, false)), coordinate(kLeft - 6),
                       xml_escape(tick_text(t, spec.y.format, y_ticks_raw[1] - y_ticks_raw[0], spec.decimal_separator)));
  }
  if (spec.y2)
    for (double t : y2_ticks)
      out += fmt::format("<text x=\"{}\" y=\"{}\" dy=\"0.32em\">{}</text>", coordinate(kLeft + pw + 6),
                         coordinate(sy(t, true)),
                         xml_escape(tick_text(t, spec.y2->format, y2_ticks[1] - y2_ticks[0], spec.decimal_separator)));
  const auto x_ticks = spec.x.format == AxisFormat::clock ? clock_ticks(x.lo, x.hi) : nice_ticks(x.lo, x.hi, 8);
  for (double t : x_ticks) {
    if (t < x.lo - 1e-9 || t > x.hi + 1e-9) continue;
    const double step = x_ticks.size() > 1 ? x_ticks[1] - x_ticks[0] : 1;
    out += fmt::format("<line class=\"tick\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\"/><text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
                       coordinate(sx(t)), coordinate(kTop + ph), coordinate(kTop + ph + 4), coordinate(kTop + ph + 16),
                       xml_escape(tick_text(t, spec.x.format, step, spec.decimal_separator)));
  }
  out += fmt::format("<line class=\"frame\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\"/>", coordinate(kLeft),
                     coordinate(kLeft + pw), coordinate(kTop + ph));
  out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", coordinate(kLeft + pw / 2),
                     coordinate(h - 6), xml_escape(spec.x.label));
  out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\">{}</text>", coordinate(4), coordinate(kTop - 20),
                     xml_escape(spec.y.label));
  if (spec.y2)
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", coordinate(w - 4),
                       coordinate(kTop - 20), xml_escape(spec.y2->label));
  out += "</g>\n";
  // Markers.
  for (const auto& m : spec.markers) {
    if (m.x < x.lo || m.x > x.hi) continue;
    out += fmt::format("<g class=\"marker {0}\"><line x1=\"{1}\" x2=\"{1}\" y1=\"{2}\" y2=\"{3}\"/><text x=\"{4}\" y=\"{5}\">{6}</text></g>\n",
                       m.css_class, coordinate(sx(m.x)), coordinate(kTop), coordinate(kTop + ph),
                       coordinate(sx(m.x) + 4), coordinate(kTop + 10), xml_escape(m.label));
  }
  // Series.
  for (const auto& s : spec.series) {
    if (s.line && !s.points.empty()) {
      out += fmt::format("<path class=\"series {}{}\" data-series=\"{}\" data-points=\"{}\" d=\"", s.css_class,
                         s.dashed ? " dashed" : "", xml_escape(s.name), s.points.size());
      for (std::size_t i = 0; i < s.points.size(); ++i)
        out += fmt::format("{}{} {}", i == 0 ? 'M' : 'L', coordinate(sx(s.points[i].first)),
                           coordinate(sy(s.points[i].second, s.right_axis)));
      out += "\"/>\n";
    }
    if (s.dots) {
      out += fmt::format("<g class=\"dots {}\" data-series=\"{}\" data-points=\"{}\">", s.css_class, xml_escape(s.name),
                         s.points.size());
      for (const auto& [px, py] : s.points)
        out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3.5\"><title>{}</title></circle>", coordinate(sx(px)),
                           coordinate(sy(py, s.right_axis)), xml_escape(fmt::format("{:g}, {:g}", px, py)));
      out += "</g>\n";
    }
  }
  // Legend, top right, in the series' colours.
  double lx = kLeft + pw;
  std::string legend;
  for (auto it = spec.series.rbegin(); it != spec.series.rend(); ++it) {
    const double text_w = 7.0 * static_cast<double>(it->name.size()) + 22;
    lx -= text_w;
    legend += fmt::format("<g class=\"legend {}\"><rect x=\"{}\" y=\"{}\" width=\"12\" height=\"4\"/><text x=\"{}\" y=\"{}\">{}</text></g>",
                          it->css_class, coordinate(lx), coordinate(kTop - 14), coordinate(lx + 16), coordinate(kTop - 10),
                          xml_escape(it->name));
  }
  out += legend + "\n</svg>\n";
  return out;
}

}  // namespace rollcall::report
