#include "report/latency_hlog.hpp"

#include "metrics/hlog.hpp"

namespace rollcall::report {

void write_latency_hlog(const Results& r, std::ostream& out) {
  metrics::IntervalLogWriter log(out);
  log.write_comment("[Logged with rollcall " + r.run.rollcall_version + "]");
  log.write_comment("[Scenario: " + r.run.scenario + ", one tag per step, values in microseconds]");
  log.write_start_time(r.run.started_at);
  log.write_base_time(r.run.started_at);
  log.write_legend();
  for (const auto& interval : r.intervals)
    for (const auto& s : interval.steps) {
      if (s.histogram.empty()) continue;
      const auto h = metrics::decode_compressed_base64(s.histogram);
      if (h.count() == 0) continue;
      log.write_interval(s.step, interval.t_s, interval.length_s, h);
    }
}

}  // namespace rollcall::report
