#include "report/run_start.hpp"

#include <chrono>

#include <fmt/format.h>

#include "report/format.hpp"

namespace rollcall::report {

namespace {

bool closed(const engine::ScenarioPlan& plan) { return !plan.model->open(); }

unsigned users(const engine::ScenarioPlan& plan) { return plan.model->peak_vus(); }

// How long the model takes to bring in all its users: where its curve first
// reaches its peak.
double ramp_up_s(const engine::ScenarioPlan& plan) {
  const auto& curve = plan.model->curve();
  const double peak = curve.peak();
  for (const auto& p : curve.pieces()) {
    if (p.from >= peak - 1e-9) return p.start;
    if (p.to >= peak - 1e-9) return p.start + p.length;
  }
  return 0;
}

}  // namespace

std::string start_and_memory_text(const engine::ScenarioPlan& plan, const engine::ScenarioResult& r) {
  std::string out;
  if (closed(plan)) {
    const auto& lag = r.start_loop_lag;
    out += fmt::format("  start        {} users over {:g}s; loop lag while starting p99 {} max {} (steady state above)\n",
                       grouped(users(plan)), ramp_up_s(plan), human_latency(lag.percentile(99)),
                       human_latency(lag.max()));
  }
  out += fmt::format("  memory       peak RSS {} (descriptor limit {})\n",
                     human_bytes(static_cast<double>(r.peak_rss_bytes)), grouped(r.descriptor_limit));
  return out;
}

void add_start_and_memory_json(boost::json::object& generator, const engine::ScenarioPlan& plan,
                               const engine::ScenarioResult& r) {
  if (closed(plan)) {
    generator["ramp_up_s"] = ramp_up_s(plan);
    generator["start_loop_lag_ms_p99"] = ms(r.start_loop_lag.percentile(99));
    generator["start_loop_lag_ms_max"] = ms(r.start_loop_lag.max());
  }
  generator["peak_rss_bytes"] = r.peak_rss_bytes;
  generator["descriptor_limit"] = r.descriptor_limit;
}

}  // namespace rollcall::report
