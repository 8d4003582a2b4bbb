#include "report/prometheus.hpp"

#include <iterator>

#include <fmt/format.h>

namespace rollcall::report {

namespace {

using engine::Outcome;

void help(std::string& out, std::string_view name, std::string_view type, std::string_view text) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, text, name, type);
}

double micros_to_seconds(std::int64_t micros) { return static_cast<double>(micros) / 1e6; }

const engine::StepStats* find_step(const engine::JourneyStats& stats, const std::string& name) {
  for (const auto& s : stats.steps())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

std::vector<std::int64_t> counts_at_or_below(const metrics::Histogram& histogram) {
  constexpr std::size_t n = std::size(latency_buckets);
  std::vector<std::int64_t> out(n, 0);
  std::size_t b = 0;
  std::int64_t running = 0;
  // One pass over the counts: the bounds are sorted.
  for (std::size_t i = histogram.filled_begin(); i < histogram.filled_end() && b < n; ++i) {
    const std::int64_t c = histogram.count_at_index(i);
    if (c == 0) continue;
    const std::int64_t value = histogram.value_at_index(i);
    while (b < n && value > latency_buckets[b].micros) out[b++] = running;
    running += c;
  }
  for (; b < n; ++b) out[b] = running;
  return out;
}

std::string prometheus_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string prometheus_text(const engine::JourneyStats& total, const engine::IntervalReport& last) {
  std::string out;
  help(out, "rollcall_requests_total", "counter", "Answers and transport failures per step, by outcome.");
  for (const auto& s : total.steps())
    for (std::size_t o = 0; o < engine::outcome_count; ++o)
      out += fmt::format("rollcall_requests_total{{step=\"{}\",outcome=\"{}\"}} {}\n", prometheus_label(s.name),
                         engine::outcome_name(static_cast<Outcome>(o)), s.outcomes[o]);
  help(out, "rollcall_failures_total", "counter", "Failures per step, by class (refused, timeout_read, http_5xx, ...).");
  for (const auto& s : total.steps())
    for (std::size_t f = 1; f < http::failure_count; ++f)
      if (s.failures[f])
        out += fmt::format("rollcall_failures_total{{step=\"{}\",class=\"{}\"}} {}\n", prometheus_label(s.name),
                           http::failure_name(static_cast<http::Failure>(f)), s.failures[f]);
  help(out, "rollcall_latency_seconds", "summary",
       "Latency per step: quantiles over the last interval, count and sum over the run.");
  for (const auto& s : total.steps()) {
    const auto label = prometheus_label(s.name);
    if (const auto* now = find_step(last.stats, s.name); now && now->latency.count())
      for (double q : {0.5, 0.95, 0.99})
        out += fmt::format("rollcall_latency_seconds{{step=\"{}\",quantile=\"{}\"}} {}\n", label, q,
                           micros_to_seconds(now->latency.percentile(q * 100)));
    out += fmt::format("rollcall_latency_seconds_count{{step=\"{}\"}} {}\n", label, s.latency.count());
    out += fmt::format("rollcall_latency_seconds_sum{{step=\"{}\"}} {}\n", label,
                       s.latency.mean() * static_cast<double>(s.latency.count()) / 1e6);
  }
  // Histograms, cumulative over the run: rate() of their buckets adds up
  // across generators, which the summary's quantiles cannot.
  help(out, "rollcall_request_duration_seconds", "histogram",
       "Latency per step over the run, in fixed buckets: sum by (le) across generators, then histogram_quantile.");
  for (const auto& s : total.steps()) {
    const auto label = prometheus_label(s.name);
    const auto counts = counts_at_or_below(s.latency);
    for (std::size_t b = 0; b < counts.size(); ++b)
      out += fmt::format("rollcall_request_duration_seconds_bucket{{step=\"{}\",le=\"{}\"}} {}\n", label,
                         latency_buckets[b].le, counts[b]);
    out += fmt::format("rollcall_request_duration_seconds_bucket{{step=\"{}\",le=\"+Inf\"}} {}\n", label, s.latency.count());
    out += fmt::format("rollcall_request_duration_seconds_sum{{step=\"{}\"}} {}\n", label,
                       s.latency.mean() * static_cast<double>(s.latency.count()) / 1e6);
    out += fmt::format("rollcall_request_duration_seconds_count{{step=\"{}\"}} {}\n", label, s.latency.count());
  }
  help(out, "rollcall_journeys_total", "counter", "Journeys per persona, by how they ended.");
  for (const auto& p : total.personas()) {
    const auto label = prometheus_label(p.name);
    for (const auto& [end, n] : {std::pair<std::string_view, std::uint64_t>{"started", p.started},
                                 {"completed", p.completed}, {"failed", p.failed}, {"gave_up", p.gave_up},
                                 {"abandoned", p.abandoned}})
      out += fmt::format("rollcall_journeys_total{{persona=\"{}\",end=\"{}\"}} {}\n", label, end, n);
    out += fmt::format("rollcall_retries_total{{persona=\"{}\"}} {}\n", label, p.retries);
  }
  const double len = last.length_s > 0 ? last.length_s : 1;
  help(out, "rollcall_arrivals_per_second", "gauge", "Journeys started per second over the last interval.");
  out += fmt::format("rollcall_arrivals_per_second {}\n", static_cast<double>(last.stats.arrivals) / len);
  help(out, "rollcall_offered_per_second", "gauge", "Arrivals the open load offered per second over the last interval.");
  out += fmt::format("rollcall_offered_per_second {}\n", static_cast<double>(last.stats.scheduled) / len);
  help(out, "rollcall_users_running", "gauge", "Journeys under way at the end of the last interval.");
  out += fmt::format("rollcall_users_running {}\n", last.stats.users_running);
  help(out, "rollcall_loop_lag_seconds", "gauge", "The generator's event-loop lag, p99 over the last interval.");
  out += fmt::format("rollcall_loop_lag_seconds {}\n", micros_to_seconds(last.stats.loop_lag.percentile(99)));
  help(out, "rollcall_cpu_cores", "gauge", "CPU the generator used over the last interval, in cores.");
  out += fmt::format("rollcall_cpu_cores {}\n", last.wall_s > 0 ? last.cpu_s / last.wall_s : 0);
  return out;
}

}  // namespace rollcall::report
