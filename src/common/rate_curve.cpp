#include "common/rate_curve.hpp"

#include <algorithm>
#include <cmath>

namespace rollcall {

RateCurve& RateCurve::add(double seconds, double from, double to) {
  if (!(seconds > 0)) return *this;
  Piece p;
  p.start = duration();
  p.length = seconds;
  p.from = std::max(from, 0.0);
  p.to = std::max(to, 0.0);
  p.before = pieces_.empty() ? 0 : pieces_.back().before + pieces_.back().area();
  pieces_.push_back(p);
  return *this;
}

double RateCurve::level(double t) const {
  for (const auto& p : pieces_)
    if (t >= p.start && t < p.start + p.length) return p.from + (p.to - p.from) * (t - p.start) / p.length;
  return 0;
}

double RateCurve::integral(double t) const {
  double sum = 0;
  for (const auto& p : pieces_) {
    if (t <= p.start) break;
    const double u = std::min(t - p.start, p.length);
    const double slope = (p.to - p.from) / p.length;
    sum = p.before + p.from * u + slope * u * u / 2;
  }
  return sum;
}

double RateCurve::peak() const {
  double m = 0;
  for (const auto& p : pieces_) m = std::max({m, p.from, p.to});
  return m;
}

std::optional<double> RateCurve::time_of(double x, std::size_t& cursor) const {
  while (cursor < pieces_.size() && !(x < pieces_[cursor].before + pieces_[cursor].area())) ++cursor;
  if (cursor >= pieces_.size()) return std::nullopt;
  const Piece& p = pieces_[cursor];
  const double d = std::max(x - p.before, 0.0);
  if (d == 0) return p.start;
  // from*u + slope*u^2/2 = d, in the form that loses no precision when the
  // slope is tiny (and is exact when it is 0).
  const double slope = (p.to - p.from) / p.length;
  const double u = 2 * d / (p.from + std::sqrt(std::max(p.from * p.from + 2 * slope * d, 0.0)));
  return p.start + std::min(u, p.length);
}

RateCurve RateCurve::capped(double max) const {
  RateCurve out;
  for (const auto& p : pieces_) {
    if (p.from <= max && p.to <= max) {
      out.add(p.length, p.from, p.to);
    } else if (p.from >= max && p.to >= max) {
      out.hold(p.length, max);
    } else {
      // Crosses the cap once: split where it does.
      const double cross = p.length * (max - p.from) / (p.to - p.from);
      if (p.from < max) {
        out.add(cross, p.from, max);
        out.hold(p.length - cross, max);
      } else {
        out.hold(cross, max);
        out.add(p.length - cross, max, p.to);
      }
    }
  }
  return out;
}

RateCurve RateCurve::scaled(double factor) const {
  RateCurve out;
  for (const auto& p : pieces_) out.add(p.length, p.from * factor, p.to * factor);
  return out;
}

RateCurve RateCurve::delayed(double seconds) const {
  RateCurve out;
  out.hold(seconds, 0);
  for (const auto& p : pieces_) out.add(p.length, p.from, p.to);
  return out;
}

RateCurve RateCurve::lasting(double seconds) const {
  RateCurve out;
  for (const auto& p : pieces_) {
    const double left = seconds - out.duration();
    if (left <= 0) break;
    if (p.length <= left) {
      out.add(p.length, p.from, p.to);
    } else {
      out.add(left, p.from, p.from + (p.to - p.from) * left / p.length);
    }
  }
  if (out.duration() < seconds) out.hold(seconds - out.duration(), last_level());
  return out;
}

}  // namespace rollcall
