#pragma once
// A level that changes linearly piece by piece over a run: journeys per
// second for open load models, users for closed ones. Every load model is
// one (constant: one flat piece; ramp: one sloped piece; stages, steps,
// profiles: several), so arrival generation, capping and splitting between
// lanes are written once, here and in engine/arrivals.hpp.
//
// Times are seconds from the run's start, as doubles: a double holds a
// nanosecond exactly for 100 days, far beyond any run.
#include <cstddef>
#include <optional>
#include <vector>

namespace rollcall {

class RateCurve {
 public:
  struct Piece {
    double start = 0;     // s from the run's start
    double length = 0;    // s
    double from = 0;      // level at start
    double to = 0;        // level at start + length
    double before = 0;    // integral of the level up to start (arrivals before the piece)
    double area() const { return (from + to) / 2 * length; }
  };

  // Appends a piece of `seconds`, its level moving linearly from `from` to
  // `to`. Levels are 0 or more; a piece of 0 s is ignored.
  RateCurve& add(double seconds, double from, double to);
  RateCurve& hold(double seconds, double level) { return add(seconds, level, level); }

  double duration() const { return pieces_.empty() ? 0 : pieces_.back().start + pieces_.back().length; }
  double level(double t) const;                 // 0 outside the curve
  double integral(double t) const;              // arrivals due before t (open models)
  double total() const { return integral(duration()); }
  double peak() const;
  double last_level() const { return pieces_.empty() ? 0 : pieces_.back().to; }
  const std::vector<Piece>& pieces() const { return pieces_; }

  // The time at which the integral reaches x (the x-th arrival's time), or
  // nullopt when the curve ends first. `cursor` remembers the piece between
  // calls with growing x: each call is then O(1) and allocates nothing.
  std::optional<double> time_of(double x, std::size_t& cursor) const;

  // The same curve with its level never above `max` (pieces that cross it
  // are split where they do): --max-rate.
  RateCurve capped(double max) const;
  RateCurve scaled(double factor) const;
  // Starts `seconds` later (level 0 before), same end as before plus the delay.
  RateCurve delayed(double seconds) const;
  // Holds the last level until `seconds` (no change if already that long),
  // or cuts the curve there when shorter.
  RateCurve lasting(double seconds) const;

 private:
  std::vector<Piece> pieces_;
};

}  // namespace rollcall
