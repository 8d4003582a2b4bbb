#pragma once
// Line charts as inline SVG, drawn by rollcall itself so that report.html
// needs no script library, no network and no font: it opens anywhere, years
// later, and prints.
//
// Every drawn series carries data-points="N": a <path> has exactly N
// vertices (one M then L commands), a <g class="dots"> exactly N <circle>s.
// The <svg> carries the sum of its elements' data-points. The report test
// counts them in a browser to prove every point was drawn.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rollcall::report {

using Point = std::pair<double, double>;

struct Series {
  std::string name;       // legend text
  std::string css_class;  // colour: "c1" .. "c6"
  std::vector<Point> points;
  bool line = true;       // a path through the points
  bool dots = false;      // a circle at each point (measured values)
  bool dashed = false;    // a fit or a model, not a measurement
  bool right_axis = false;
};

struct Band {  // a shaded stretch of x: capacity rungs, invalid intervals
  double x0 = 0, x1 = 0;
  std::string css_class;  // "band-pass", "band-fail", "band-invalid"
  std::string title;      // tooltip
};

struct Marker {  // a labelled vertical line: the knee, the saturation point
  double x = 0;
  std::string label;
  std::string css_class;
};

enum class AxisFormat { number, percent, clock };  // clock: seconds shown as m:ss or h:mm:ss

struct Axis {
  std::string label;
  AxisFormat format = AxisFormat::number;
  std::optional<double> min, max;  // default: from the data, y from 0
};

struct ChartSpec {
  std::string id;
  std::string title;  // the SVG's <title>, for screen readers
  Axis x, y;
  std::optional<Axis> y2;
  std::vector<Series> series;
  std::vector<Band> bands;
  std::vector<Marker> markers;
  int width = 900, height = 280;
  std::string decimal_separator = ".";
};

std::string render_chart(const ChartSpec& spec);

// At most max_points points, by merging runs of consecutive points into one:
// x is the run's first x, y its highest (latency, lag: a spike must survive)
// or its mean (rates).
enum class Reduce { max, mean };
std::vector<Point> downsample(const std::vector<Point>& points, std::size_t max_points, Reduce how);

// "Nice" axis ticks (1, 2, 5 × 10^k) covering [lo, hi]; at least two.
std::vector<double> nice_ticks(double lo, double hi, int target_count = 5);

}  // namespace rollcall::report
