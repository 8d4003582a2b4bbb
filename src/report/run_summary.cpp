#include "report/run_summary.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "report/format.hpp"
#include "report/run_start.hpp"

namespace rollcall::report {

namespace {

using engine::Outcome;



std::string step_errors(const engine::StepStats& s) {
  std::string out;
  auto add = [&](std::uint64_t n, std::string_view what) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", grouped(n), what);
  };
  for (std::size_t i = 1; i < http::failure_count; ++i) add(s.failures[i], http::failure_name(static_cast<http::Failure>(i)));
  add(s.outcomes[static_cast<std::size_t>(Outcome::expectation_failed)], "expectation failed");
  add(s.outcomes[static_cast<std::size_t>(Outcome::missing_variable)], "missing variable");
  if (!s.missing_variables.empty()) {
    std::string names;
    for (const auto& n : s.missing_variables) names += (names.empty() ? "" : ", ") + n;
    out += fmt::format(" (unset: {})", names);
  }
  if (!s.expectation_messages.empty()) {
    std::string reasons;
    for (const auto& m : s.expectation_messages) reasons += (reasons.empty() ? "" : "; ") + m;
    out += fmt::format(" [{}]", reasons);
  }
  return out;
}

// The first failures of a step as a person debugging a real platform reads
// them: what came back, from where, and the part of the page that matters.
// Failures that repeat the one before (same status and reason) are not told again.
std::string failure_details_text(const std::vector<engine::FailureDetail>& details) {
  std::string out;
  const engine::FailureDetail* last = nullptr;
  for (const auto& d : details) {
    if (last && last->status == d.status && last->reason == d.reason) continue;
    last = &d;
    out += fmt::format("      {} {}{}\n", d.status ? fmt::format("status {}", d.status) : std::string("no answer"),
                       d.content_type.empty() ? "" : d.content_type + " ", d.url.empty() ? "" : "from " + d.url);
    if (!d.excerpt.empty()) out += fmt::format("        page: {}\n", d.excerpt);
    if (!d.nearby.empty()) {
      std::string nearby;
      for (const auto& n : d.nearby) nearby += (nearby.empty() ? "" : "; ") + n;
      out += fmt::format("        on the page: {}\n", nearby);
    }
  }
  return out;
}

boost::json::array failure_details_json(const std::vector<engine::FailureDetail>& details) {
  boost::json::array out;
  for (const auto& d : details)
    out.push_back(boost::json::object{{"status", d.status},
                                      {"url", d.url},
                                      {"content_type", d.content_type},
                                      {"reason", d.reason},
                                      {"excerpt", d.excerpt},
                                      {"nearby", boost::json::array(d.nearby.begin(), d.nearby.end())}});
  return out;
}

boost::json::object latency_json(const metrics::Histogram& h) {
  return {{"mean", h.mean() / 1000.0}, {"p50", ms(h.percentile(50))}, {"p90", ms(h.percentile(90))},
          {"p95", ms(h.percentile(95))}, {"p99", ms(h.percentile(99))}, {"max", ms(h.max())}};
}

}  // namespace

std::string run_summary_text(const engine::ScenarioPlan& plan, const engine::ScenarioResult& r) {
  const auto& stats = r.stats;
  std::string out;
  out += fmt::format("rollcall run {} - {:g}s, {}, {} threads\n", plan.scenario->file, r.duration_s, plan.model->describe(),
                     r.threads);
  out += fmt::format("  target       {}\n", plan.scenario->target_url);
  out += fmt::format("  requests     {} ({:.1f}/s), {}/s read\n", grouped(stats.requests),
                     per_second(static_cast<double>(stats.requests), r.duration_s),
                     human_bytes(per_second(static_cast<double>(stats.bytes_read), r.duration_s)));
  if (stats.retry_requests || stats.refresh_requests)
    out += fmt::format("  of which    {} retries and restarts (+{:.1f}% on first attempts), {} waiting-room refreshes\n",
                       grouped(stats.retry_requests),
                       100.0 * static_cast<double>(stats.retry_requests) /
                           static_cast<double>(std::max<std::uint64_t>(1, stats.requests - stats.retry_requests - stats.refresh_requests)),
                       grouped(stats.refresh_requests));
  std::size_t width = 4;
  bool admission = false, retried = false;
  for (const auto& s : stats.steps()) {
    width = std::max(width, s.name.size());
    admission = admission || s.of(Outcome::queued) || s.of(Outcome::rejected);
    retried = retried || s.retries || s.restarts || s.gave_up;
  }
  // Columns for admission answers and retries only when there are some:
  // most runs have neither, and a narrow table reads better.
  auto extra_head = [&] {
    std::string h;
    if (admission) h += fmt::format(" {:>8} {:>8}", "queued", "rejected");
    if (retried) h += fmt::format(" {:>8} {:>8} {:>7}", "retries", "restarts", "gave up");
    return h;
  };
  out += fmt::format("\n  {:<{}}  {:>9} {:>8}{}  {:>9} {:>9} {:>9} {:>9}\n", "step", width, "count", "errors", extra_head(),
                     "p50", "p95", "p99", "max");
  for (const auto& s : stats.steps()) {
    const auto& h = s.latency;
    std::string extra;
    if (admission) extra += fmt::format(" {:>8} {:>8}", grouped(s.of(Outcome::queued)), grouped(s.of(Outcome::rejected)));
    if (retried) extra += fmt::format(" {:>8} {:>8} {:>7}", grouped(s.retries), grouped(s.restarts), grouped(s.gave_up));
    out += fmt::format("  {:<{}}  {:>9} {:>8}{}  {:>9} {:>9} {:>9} {:>9}\n", s.name, width, grouped(s.count()),
                       grouped(s.errors()), extra, human_latency(h.percentile(50)), human_latency(h.percentile(95)),
                       human_latency(h.percentile(99)), human_latency(h.max()));
  }
  if (admission) {
    out += "\n  admission answers (not errors)\n";
    for (const auto& s : stats.steps()) {
      if (s.of(Outcome::queued))
        out += fmt::format("    {}: {} queued (waiting room), answered in p50 {} p95 {}\n", s.name,
                           grouped(s.of(Outcome::queued)), human_latency(s.queued_latency.percentile(50)),
                           human_latency(s.queued_latency.percentile(95)));
      if (s.of(Outcome::rejected))
        out += fmt::format("    {}: {} rejected (quota), answered in p50 {} p95 {}\n", s.name,
                           grouped(s.of(Outcome::rejected)), human_latency(s.rejected_latency.percentile(50)),
                           human_latency(s.rejected_latency.percentile(95)));
    }
  }
  bool any_error = false;
  for (const auto& s : stats.steps()) {
    if (s.errors() == 0) continue;
    if (!any_error) out += "\n  errors\n";
    any_error = true;
    out += fmt::format("    {}: {}\n", s.name, step_errors(s));
    out += failure_details_text(s.failure_details);
  }
  out += fmt::format("\n  {:<12} {:>9} {:>10} {:>8} {:>10} {:>8} {:>8} {:>8}  {:>9} {:>9}\n", "persona", "started",
                     "completed", "failed", "abandoned", "gave up", "retries", "restarts", "p50", "p95");
  for (const auto& p : stats.personas())
    out += fmt::format("  {:<12} {:>9} {:>10} {:>8} {:>10} {:>8} {:>8} {:>8}  {:>9} {:>9}\n", p.name, grouped(p.started),
                       grouped(p.completed), grouped(p.failed), grouped(p.abandoned), grouped(p.gave_up),
                       grouped(p.retries), grouped(p.restarts), human_latency(p.journey_time.percentile(50)),
                       human_latency(p.journey_time.percentile(95)));
  for (const auto& p : stats.personas())
    if (p.waiting_time.count())
      out += fmt::format("  {:<12} {} journeys waited in a waiting room: p50 {} p95 {} max {} ({} queued, {} rejected answers)\n",
                         p.name, grouped(p.waiting_time.count()), human_latency(p.waiting_time.percentile(50)),
                         human_latency(p.waiting_time.percentile(95)), human_latency(p.waiting_time.max()),
                         grouped(p.of(Outcome::queued)), grouped(p.of(Outcome::rejected)));
  if (stats.feeder_exhausted)
    out += fmt::format("  feeders      {} journeys not started: a unique feeder ran out of rows\n",
                       grouped(stats.feeder_exhausted));
  if (stats.unfinished || stats.not_sent || stats.stale_retries)
    out += fmt::format("  accounting   {} attempts: {} sent, {} failed before sending; {} cut by the end of the run "
                       "(no outcome); {} sent again on a new connection (a kept-alive one the server had closed)\n",
                       grouped(stats.attempts()), grouped(stats.requests), grouped(stats.not_sent),
                       grouped(stats.unfinished), grouped(stats.stale_retries));
  if (stats.steps().size() >= engine::JourneyStats::max_lines)
    out += fmt::format("  lines        the run reached {} metrics lines: later names (redirect hops named after the "
                       "server's paths) were counted on their step's `other` line\n",
                       engine::JourneyStats::max_lines);
  if (stats.internal_errors)
    out += fmt::format("  INTERNAL     {} journeys ended by an error inside rollcall (a bug: please report it), counted failed\n",
                       grouped(stats.internal_errors));
  if (r.interrupted) out += fmt::format("  interrupted  after {:.2f}s (SIGINT or SIGTERM); the figures cover that time\n", r.duration_s);
  out += fmt::format("\n  generator    CPU {:.2f}s user + {:.2f}s system; loop lag p99 {} max {}; journey start lag p99 {}; "
                     "{} users at most at once\n",
                     r.cpu_user_s, r.cpu_system_s, human_latency(stats.loop_lag.percentile(99)),
                     human_latency(stats.loop_lag.max()), human_latency(stats.start_lag.percentile(99)), r.peak_users);
  out += start_and_memory_text(plan, r);
  return out;
}

std::string run_summary_json(const engine::ScenarioPlan& plan, const engine::ScenarioResult& r) {
  namespace json = boost::json;
  const auto& stats = r.stats;
  json::array steps;
  std::uint64_t errors_total = 0, queued_total = 0, rejected_total = 0;
  for (const auto& s : stats.steps()) {
    json::object outcomes;
    for (std::size_t i = 0; i < engine::outcome_count; ++i)
      outcomes[engine::outcome_name(static_cast<Outcome>(i))] = s.outcomes[i];
    json::object errors;
    for (std::size_t i = 1; i < http::failure_count; ++i)
      errors[http::failure_name(static_cast<http::Failure>(i))] = s.failures[i];
    json::array missing(s.missing_variables.begin(), s.missing_variables.end());
    json::array messages(s.expectation_messages.begin(), s.expectation_messages.end());
    errors_total += s.errors();
    queued_total += s.of(Outcome::queued);
    rejected_total += s.of(Outcome::rejected);
    steps.push_back(json::object{{"name", s.name},
                                 {"count", s.count()},
                                 {"errors", s.errors()},
                                 {"queued", s.of(Outcome::queued)},
                                 {"rejected", s.of(Outcome::rejected)},
                                 {"retries", s.retries},
                                 {"restarts", s.restarts},
                                 {"gave_up", s.gave_up},
                                 {"queued_latency_ms", latency_json(s.queued_latency)},
                                 {"rejected_latency_ms", latency_json(s.rejected_latency)},
                                 {"outcomes", std::move(outcomes)},
                                 {"failures", std::move(errors)},
                                 {"latency_ms", latency_json(s.latency)},
                                 {"bytes_read", s.bytes_read},
                                 {"decoded_bytes", s.decoded_bytes},
                                 {"missing_variables", std::move(missing)},
                                 {"messages", std::move(messages)},
                                 {"failure_details", failure_details_json(s.failure_details)}});
  }
  json::array personas;
  std::uint64_t started = 0, completed = 0;
  for (const auto& p : stats.personas()) {
    started += p.started;
    completed += p.completed;
    personas.push_back(json::object{{"name", p.name},
                                    {"started", p.started},
                                    {"completed", p.completed},
                                    {"failed", p.failed},
                                    {"abandoned", p.abandoned},
                                    {"gave_up", p.gave_up},
                                    {"retries", p.retries},
                                    {"restarts", p.restarts},
                                    {"requests", p.count()},
                                    {"errors", p.errors()},
                                    {"queued", p.of(Outcome::queued)},
                                    {"rejected", p.of(Outcome::rejected)},
                                    {"journey_ms", latency_json(p.journey_time)},
                                    {"waited", p.waiting_time.count()},
                                    {"waiting_ms", latency_json(p.waiting_time)}});
  }
  json::object out;
  out["schema"] = "rollcall.run/1";
  out["scenario"] = plan.scenario->file;
  out["target"] = plan.scenario->target_url;
  const bool open = plan.model->open();
  out["mode"] = open ? "open" : "closed";
  out["load"] = plan.model->describe();
  // The level at its highest: what `rate` and `vus` were when only those existed.
  if (open)
    out["rate"] = plan.model->curve().peak();
  else
    out["vus"] = plan.model->peak_vus();
  out["duration_s"] = r.duration_s;
  out["interrupted"] = r.interrupted;
  out["threads"] = r.threads;
  out["requests"] = stats.requests;
  out["rps"] = per_second(static_cast<double>(stats.requests), r.duration_s);
  out["bytes_read"] = stats.bytes_read;
  out["decoded_bytes"] = stats.decoded_bytes;
  out["steps"] = std::move(steps);
  out["personas"] = std::move(personas);
  json::array timeline;
  for (std::size_t t = 0; t < r.timeline.size(); ++t) {
    const auto& sec = r.timeline[t];
    timeline.push_back(json::object{{"t", t},
                                    {"arrivals", sec.arrivals},
                                    {"requests", sec.requests},
                                    {"retry_requests", sec.retry_requests},
                                    {"refresh_requests", sec.refresh_requests},
                                    {"queued", sec.queued},
                                    {"rejected", sec.rejected},
                                    {"errors", sec.errors}});
  }
  out["timeline"] = std::move(timeline);
  out["totals"] = json::object{{"requests", stats.requests},
                               {"retry_requests", stats.retry_requests},
                               {"refresh_requests", stats.refresh_requests},
                               {"errors", errors_total},
                               {"queued", queued_total},
                               {"rejected", rejected_total},
                               {"journeys_started", started},
                               {"journeys_completed", completed},
                               {"feeder_exhausted", stats.feeder_exhausted},
                               {"connects", stats.connects},
                               {"tls_full_handshakes", stats.tls_full},
                               {"tls_resumed_handshakes", stats.tls_resumed}};
  out["accounting"] = json::object{
      {"attempts", stats.attempts()},
      {"outcomes", stats.outcomes() + stats.unfinished},
      {"difference", static_cast<std::int64_t>(stats.attempts()) - static_cast<std::int64_t>(stats.outcomes() + stats.unfinished)},
      {"requests", stats.requests},
      {"not_sent", stats.not_sent},
      {"unfinished", stats.unfinished},
      {"stale_retries", stats.stale_retries},
      {"internal_errors", stats.internal_errors}};
  out["generator"] = json::object{{"cpu_user_s", r.cpu_user_s},
                                  {"cpu_system_s", r.cpu_system_s},
                                  {"cpu_us_per_request", stats.requests ? (r.cpu_user_s + r.cpu_system_s) * 1e6 / static_cast<double>(stats.requests) : 0.0},
                                  {"loop_lag_ms_p99", ms(stats.loop_lag.percentile(99))},
                                  {"loop_lag_ms_max", ms(stats.loop_lag.max())},
                                  {"start_lag_ms_p99", ms(stats.start_lag.percentile(99))},
                                  {"peak_users", r.peak_users}};
  add_start_and_memory_json(out["generator"].as_object(), plan, r);
  return json::serialize(out) + "\n";
}

}  // namespace rollcall::report
