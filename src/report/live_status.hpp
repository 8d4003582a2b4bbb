#pragma once
// What a test is doing while it runs, for the people watching it: on a
// terminal a status block redrawn in place once a second; without one (CI
// logs) a plain line every ten seconds; or nothing (--quiet). Written to
// stderr, so stdout keeps only the summary.
#include <cstdio>
#include <string>

#include "engine/scenario_plan.hpp"

namespace rollcall::report {

class LiveStatus {
 public:
  enum class Mode { terminal, lines, quiet };

  // The mode for `out`: a terminal, or lines; quiet when asked.
  static Mode mode_for(std::FILE* out, bool quiet);
  // Colours unless NO_COLOR is set (https://no-color.org) or out is no terminal.
  static bool colour_for(std::FILE* out);

  LiveStatus(Mode mode, std::FILE* out, bool colour, double planned_s);
  ~LiveStatus();
  LiveStatus(const LiveStatus&) = delete;
  LiveStatus& operator=(const LiveStatus&) = delete;

  void update(const engine::IntervalReport& interval);
  // Leaves the last block on screen and moves below it.
  void finish();

  // The block's lines for one interval (tested without a terminal).
  std::string block(const engine::IntervalReport& interval) const;
  std::string line(const engine::IntervalReport& interval) const;

 private:
  Mode mode_;
  std::FILE* out_;
  bool colour_;
  double planned_s_;
  int lines_drawn_ = 0;
};

}  // namespace rollcall::report
