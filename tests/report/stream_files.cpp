#include "stream_files.hpp"

#include "report/results_stream.hpp"

namespace rollcall::test {

std::string write_results_dir(const report::Results& r, const std::string& dir, bool finished) {
  const std::string path = dir + "/" + std::string(report::results_stream_file);
  report::ResultsStreamWriter w(path);
  w.write_run(r.run);
  std::size_t rung = 0;
  for (const auto& interval : r.intervals) {
    w.write_interval(interval);
    // Rungs are written when they end, between intervals, as a capacity search does.
    while (rung < r.capacity_steps.size() && r.capacity_steps[rung].end_s <= interval.t_s + interval.length_s)
      w.write_capacity_step(r.capacity_steps[rung++]);
  }
  if (!finished) return path;
  if (r.saturation) w.write_saturation(*r.saturation);
  w.write_objectives(r.objectives);
  if (r.end) w.write_end(*r.end);
  return path;
}

}  // namespace rollcall::test
