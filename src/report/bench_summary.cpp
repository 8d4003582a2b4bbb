#include "report/bench_summary.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "report/format.hpp"

namespace rollcall::report {

namespace {

using engine::BenchPlan;
using engine::BenchResult;
using engine::BenchStats;

std::string mode_text(const BenchPlan& plan) {
  return plan.rate ? fmt::format("open model at {:g} req/s", *plan.rate) : std::string("closed model");
}

std::string errors_text(const BenchStats& s) {
  std::string out;
  for (std::size_t i = 1; i < http::failure_count; ++i) {
    if (s.failures[i] == 0) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", grouped(s.failures[i]), http::failure_name(static_cast<http::Failure>(i)));
  }
  return out.empty() ? "none" : out;
}

double cpu_us_per_request(const BenchResult& r) {
  return r.stats.responses ? (r.cpu_user_s + r.cpu_system_s) * 1e6 / static_cast<double>(r.stats.responses) : 0;
}

}  // namespace

std::string bench_summary_text(const BenchPlan& plan, const BenchResult& r) {
  const BenchStats& s = r.stats;
  const auto& h = s.latency;
  std::string out;
  out += fmt::format("rollcall bench {}{} - {:g}s, {} threads, {} connections, {}\n", plan.target.origin(),
                     plan.target.path_and_query, r.duration_s, r.threads, r.connections, mode_text(plan));
  out += fmt::format("  requests     {} in {:.2f}s, {:.1f} req/s, {}/s read\n", grouped(s.responses), r.duration_s,
                     per_second(static_cast<double>(s.responses), r.duration_s),
                     human_bytes(per_second(static_cast<double>(s.bytes_read), r.duration_s)));
  if (h.count() > 0) {
    out += fmt::format("  latency      mean {}  p50 {}  p90 {}  p99 {}  p99.9 {}  max {}{}\n",
                       human_latency(static_cast<std::int64_t>(h.mean())), human_latency(h.percentile(50)),
                       human_latency(h.percentile(90)), human_latency(h.percentile(99)),
                       human_latency(h.percentile(99.9)), human_latency(h.max()),
                       plan.rate ? "  (from the scheduled time)" : "");
  } else {
    out += "  latency      no response received\n";
  }
  out += fmt::format("  errors       {}\n", errors_text(s));
  out += fmt::format("  connections  {} opened", grouped(s.connects));
  if (s.stale_retries) out += fmt::format(", {} idle keep-alive closed by the server and retried", s.stale_retries);
  if (plan.target.tls) out += fmt::format("; TLS handshakes {} full, {} resumed", s.tls_full, s.tls_resumed);
  out += "\n";
  if (s.unfinished)
    out += fmt::format("  unfinished   {} requests still in flight when the grace period ended (not counted)\n",
                       grouped(s.unfinished));
  if (plan.rate) {
    const std::uint64_t unsent = s.scheduled > s.sent_on_schedule ? s.scheduled - s.sent_on_schedule : 0;
    out += fmt::format("  schedule     {} due, {} sent, {} never sent; {} sent over 1ms late (p99 {})\n",
                       grouped(s.scheduled), grouped(s.sent_on_schedule), grouped(unsent), grouped(s.late_sends),
                       human_latency(s.send_lag.percentile(99)));
    if (unsent > s.scheduled / 100)
      out += "  warning      every connection was busy for part of the run: raise --connections, or the target "
             "is slower than the rate\n";
  }
  if (r.interrupted) out += fmt::format("  interrupted  after {:.2f}s (SIGINT or SIGTERM); the figures cover that time\n", r.duration_s);
  out += fmt::format("  generator    CPU {:.2f}s user + {:.2f}s system = {:.1f}us per request; loop lag p99 {} max {}\n",
                     r.cpu_user_s, r.cpu_system_s, cpu_us_per_request(r), human_latency(s.loop_lag.percentile(99)),
                     human_latency(s.loop_lag.max()));
  return out;
}

std::string bench_summary_json(const BenchPlan& plan, const BenchResult& r) {
  namespace json = boost::json;
  const BenchStats& s = r.stats;
  const auto& h = s.latency;

  json::object errors;
  for (std::size_t i = 1; i < http::failure_count; ++i)
    errors[http::failure_name(static_cast<http::Failure>(i))] = s.failures[i];

  json::object latency{{"mean", ms(static_cast<std::int64_t>(h.mean()))},
                       {"p50", ms(h.percentile(50))},
                       {"p90", ms(h.percentile(90))},
                       {"p99", ms(h.percentile(99))},
                       {"p999", ms(h.percentile(99.9))},
                       {"max", ms(h.max())},
                       {"min", ms(h.min())},
                       {"stddev", h.stddev() / 1000.0}};

  json::object out;
  out["schema"] = "rollcall.bench/1";
  out["url"] = plan.target.origin() + plan.target.path_and_query;
  out["mode"] = plan.rate ? "open" : "closed";
  if (plan.rate) out["rate"] = *plan.rate;
  out["threads"] = r.threads;
  out["connections"] = r.connections;
  out["requests"] = s.responses;
  out["errors"] = std::move(errors);
  out["errors_total"] = s.total_failures();
  out["duration_s"] = r.duration_s;
  out["interrupted"] = r.interrupted;
  out["rps"] = per_second(static_cast<double>(s.responses), r.duration_s);
  out["bytes_per_s"] = per_second(static_cast<double>(s.bytes_read), r.duration_s);
  out["bytes_read"] = s.bytes_read;
  out["bytes_written"] = s.bytes_written;
  out["latency_ms"] = std::move(latency);
  out["latency_from"] = plan.rate ? "scheduled" : "sent";
  out["connects"] = s.connects;
  out["stale_retries"] = s.stale_retries;
  out["unfinished"] = s.unfinished;
  out["accounting"] = json::object{
      {"attempts", s.attempts},
      {"outcomes", s.outcomes()},
      {"difference", static_cast<std::int64_t>(s.attempts) - static_cast<std::int64_t>(s.outcomes())}};
  if (plan.target.tls) out["tls"] = json::object{{"full_handshakes", s.tls_full}, {"resumed_handshakes", s.tls_resumed}};
  if (plan.rate) {
    out["schedule"] = json::object{{"due", s.scheduled},
                                   {"sent", s.sent_on_schedule},
                                   {"unsent", s.scheduled > s.sent_on_schedule ? s.scheduled - s.sent_on_schedule : 0},
                                   {"late_sends", s.late_sends},
                                   {"send_lag_ms_p99", ms(s.send_lag.percentile(99))},
                                   {"send_lag_ms_max", ms(s.send_lag.max())}};
  }
  out["generator"] = json::object{{"cpu_user_s", r.cpu_user_s},
                                  {"cpu_system_s", r.cpu_system_s},
                                  {"cpu_us_per_request", cpu_us_per_request(r)},
                                  {"loop_lag_ms_p99", ms(s.loop_lag.percentile(99))},
                                  {"loop_lag_ms_max", ms(s.loop_lag.max())},
                                  {"descriptor_limit", r.descriptor_limit}};
  return json::serialize(out) + "\n";
}

}  // namespace rollcall::report
