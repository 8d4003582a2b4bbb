#pragma once
// What a test is doing while it runs, for the people watching it: on a
// terminal a status block redrawn in place once a second; without one (CI
// logs) a plain line every ten seconds that sums up those ten seconds; or
// nothing (--quiet). Written to stderr, so stdout keeps only the summary.
#include <cstdio>
#include <optional>
#include <string>

#include "engine/journey_stats.hpp"
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
  // Leaves the last block on screen and moves below it; in lines mode,
  // writes the line of the seconds since the last one.
  void finish();

  // Lines mode: one line per this many intervals, of those intervals merged.
  static constexpr std::size_t line_every = 10;

  // The block's lines for one interval (tested without a terminal).
  std::string block(const engine::IntervalReport& interval) const;
  std::string line(const engine::IntervalReport& interval) const;

 private:
  Mode mode_;
  std::FILE* out_;
  bool colour_;
  double planned_s_;
  int lines_drawn_ = 0;

  // Lines mode: the intervals since the last line, merged, so that a line
  // speaks of its ten seconds and not of the last one.
  void add_to_window(const engine::IntervalReport& interval);
  void write_window_line();
  std::optional<engine::JourneyStats> window_;
  std::size_t window_last_index_ = 0;
  double window_start_s_ = 0, window_length_s_ = 0, window_cpu_s_ = 0, window_wall_s_ = 0;
};

}  // namespace rollcall::report
