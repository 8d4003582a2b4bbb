// `rollcall run FILE`: a scenario's journeys with many virtual users.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

#include <boost/json/array.hpp>
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analysis/objectives.hpp"
#include "analysis/run_abort.hpp"
#include "capacity/measure.hpp"
#include "cli/capacity_options.hpp"
#include "cli/command.hpp"
#include "cli/limit_hints.hpp"
#include "cli/options.hpp"
#include "cli/results_options.hpp"
#include "cli/scenario_file.hpp"
#include "cli/distribution.hpp"
#include "cli/trace_options.hpp"
#include "common/exit_code.hpp"
#include "common/usage_error.hpp"
#include "engine/feeder_rows.hpp"
#include "engine/scenario_run.hpp"
#include "http/probe.hpp"
#include "http/resolve.hpp"
#include "http/source_addresses.hpp"
#include "report/capacity_records.hpp"
#include "report/generator_verdict.hpp"
#include "report/live_status.hpp"
#include "report/metrics_endpoint.hpp"
#include "report/prometheus.hpp"
#include "report/results_dir.hpp"
#include "report/run_recorder.hpp"
#include "report/run_summary.hpp"
#include "scenario/load_parser.hpp"
#include "scenario/load_text.hpp"

namespace rollcall::cli {

namespace {

struct RunArgs {
  std::string file;
  std::optional<unsigned> vus;
  std::optional<double> rate;
  std::optional<std::string> duration;  // default: the scenario load's, else 30s
  unsigned threads = 0;
  std::optional<std::string> target;
  std::string json_file;
  bool insecure = false;
  std::string cacert;
  std::uint64_t seed = 1;
  std::string grace = "10s";
  bool no_connection_reuse = false;
  bool quiet = false;
  std::optional<std::string> max_rate;
  std::optional<std::string> time_scale;
  std::optional<std::string> segment;
  std::optional<std::string> start_at;
  std::optional<std::string> metrics_listen;
  std::optional<std::string> ramp_up;
  std::string source_ip;
  std::vector<std::string> resolve;
  std::vector<std::string> feeders;  // --feeder PERSONA=FILE
  TraceArgs trace;
  http::ProxyChoice proxy;
  std::vector<std::string> slo;
  bool no_default_slo = false;
  bool abort_on_fail = false;
  std::string abort_delay = "10s";
  std::string out;  // default: ./rollcall-results/<timestamp>
  std::optional<std::string> lang;
  std::optional<std::string> arrivals;  // uniform | poisson: overrides the load's
};

// Starting many users at once is a burst of connections and logins that
// stalls the event loops: without --ramp-up, more than 1,000 users start
// over 1 ms each (100,000 users: 100 s), at most half the run.
std::chrono::nanoseconds default_ramp_up(unsigned vus, std::chrono::nanoseconds duration) {
  if (vus <= 1000) return {};
  return std::min<std::chrono::nanoseconds>(std::chrono::milliseconds(vus), duration / 2);
}

// The scenario's and the command line's objectives; with none, the default
// guard, so that a run at 100% errors does not pass a CI job.
std::vector<scenario::Objective> run_objectives(const RunArgs& args, const scenario::Scenario& scenario) {
  std::vector<scenario::Objective> objectives = objectives_from(args.slo, scenario);
  if (objectives.empty() && !args.no_default_slo) {
    objectives = objectives_from({"errors < 1%"}, scenario);
    objectives.front().by_default = true;
  }
  if (args.abort_on_fail) {
    const auto delay = non_negative_duration("--abort-delay", args.abort_delay);
    for (auto& o : objectives) {
      o.abort_on_fail = true;
      o.abort_delay = delay;
    }
  }
  return objectives;
}

// --vus, --rate, --duration and --ramp-up: a constant rate, a constant
// number of users, or users who come in evenly over the ramp-up and stay.
scenario::LoadSpec command_line_load(const RunArgs& a) {
  if (a.vus && a.rate) throw UsageError("--vus and --rate are two different loads: give one");
  if (a.vus && *a.vus == 0) throw UsageError("--vus must be at least 1");
  if (a.rate && !(*a.rate > 0))
    throw UsageError(fmt::format("--rate must be a positive number of journeys per second, not {}", *a.rate));
  scenario::LoadSpec spec;
  const auto duration = positive_duration("--duration", a.duration.value_or("30s"));
  spec.duration = duration;
  if (a.rate) {
    if (a.ramp_up) throw UsageError("--ramp-up spreads the start of --vus users; an open model (--rate) has no users to start");
    spec.model = scenario::ConstantLoad{*a.rate};
    return spec;
  }
  const unsigned vus = a.vus.value_or(1);
  std::chrono::nanoseconds ramp_up = default_ramp_up(vus, duration);
  if (a.ramp_up) {
    ramp_up = non_negative_duration("--ramp-up", *a.ramp_up);
    if (ramp_up >= duration)
      throw UsageError(fmt::format("--ramp-up {} must be shorter than --duration {}: users due after the end never start",
                                   *a.ramp_up, a.duration.value_or("30s")));
  }
  if (ramp_up.count() > 0)
    spec.model = scenario::RampVusLoad{{{static_cast<double>(vus), ramp_up, false}}};
  else
    spec.model = scenario::VusLoad{vus};
  return spec;
}

// The run's load: --vus or --rate when given, else the scenario's `load:`,
// else one user for 30 s; then -d, --max-rate and --time-scale over it.
scenario::LoadSpec choose_load(const RunArgs& a, const scenario::Scenario& s) {
  const bool command_line = a.vus || a.rate || !s.load;
  scenario::LoadSpec spec = command_line ? command_line_load(a) : *s.load;
  if (!command_line && a.duration) spec.duration = positive_duration("--duration", *a.duration);
  scenario::LoadOverrides overrides;
  scenario::TextProblem problem;
  if (a.max_rate) {
    overrides.max_rate = scenario::parse_rate(*a.max_rate, problem);
    if (!overrides.max_rate) throw UsageError(fmt::format("--max-rate {}: {}", *a.max_rate, problem.message));
  }
  if (a.time_scale) {
    overrides.time_scale = scenario::parse_time_scale(*a.time_scale, problem);
    if (!overrides.time_scale) throw UsageError(fmt::format("--time-scale {}: {}", *a.time_scale, problem.message));
  }
  scenario::apply_overrides(spec, overrides);
  if (a.arrivals) {
    if (!spec.open())
      throw UsageError(fmt::format("--arrivals {}: a closed model (--vus, a vus load) has no arrivals; give --rate or an open `load:`",
                                   *a.arrivals));
    spec.arrivals = arrival_process_flag("--arrivals", *a.arrivals);
  }
  return spec;
}

// Each segment runs its own users of a closed model
// (engine/user_roster.hpp): one that would run none is told before the
// first request.
void check_segment_users(const engine::LoadModel& model, engine::Slice segment, const std::string& text) {
  if (!model.open() && engine::rows_owned(segment, model.peak_vus()) == 0)
    throw UsageError(fmt::format("--segment {}: the load has {} users, fewer than the {} segments: this one would run none",
                                 text, model.peak_vus(), segment.stride));
}

// What the report says about the run's configuration. Secrets never get
// here: only names, the load and the settings (the stream redacts again).
report::RunInfo run_info(const RunArgs& args, const scenario::Scenario& s, const engine::ScenarioPlan& plan,
                         const std::optional<StartAt>& start_at) {
  report::RunInfo info = base_run_info("run", s);
  add_distribution(info, plan.segment, start_at);
  info.interval_s = std::chrono::duration<double>(plan.interval).count();
  info.config["load"] = plan.model->describe();
  info.config["threads"] = plan.threads;
  info.config["seed"] = args.seed;
  info.config["duration_s"] = std::chrono::duration<double>(plan.duration()).count();
  boost::json::array personas;
  for (const auto& p : s.personas)
    personas.push_back(boost::json::object{{"name", p.name}, {"weight", p.weight}, {"on_failure", p.on_failure.none ? "none" : "retries"}});
  info.config["personas"] = std::move(personas);
  boost::json::array objectives;
  for (const auto& o : s.objectives) objectives.push_back(boost::json::string(o.text));
  info.config["objectives"] = std::move(objectives);
  return info;
}

int run_command(const RunArgs& args) {
  // Before anything else: a machine given the wrong time must say so at once.
  const std::optional<StartAt> start_at = start_at_flag(args.start_at);
  const engine::Slice segment = segment_flag(args.segment);
  const auto grace = positive_duration("--grace", args.grace);
  const report::Lang lang = chosen_lang(args.lang);
  std::ofstream json_out;
  if (!args.json_file.empty()) {
    json_out.open(args.json_file);
    if (!json_out) throw UsageError(fmt::format("--json {}: cannot write this file", args.json_file));
  }
  const scenario::Scenario scenario = load_or_explain(args.file, args.target, args.feeders);
  const std::vector<scenario::Objective> objectives = run_objectives(args, scenario);
  const bool watches_abort = std::any_of(objectives.begin(), objectives.end(), [](const auto& o) { return o.abort_on_fail; });

  engine::ScenarioPlan plan;
  plan.scenario = &scenario;
  const scenario::LoadSpec spec = choose_load(args, scenario);
  plan.model = engine::make_load_model(spec);
  plan.time_scale = spec.time_scale;
  plan.segment = segment;
  if (args.segment) {
    check_segment_rows(scenario, plan.segment, *args.segment);
    check_segment_users(*plan.model, plan.segment, *args.segment);
  }
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  plan.threads = args.threads == 0 ? cores : args.threads;
  if (!plan.model->open()) plan.threads = std::max(1u, std::min(plan.threads, plan.model->peak_vus()));
  plan.seed = args.seed;
  plan.grace = grace;
  plan.reuse_connections = !args.no_connection_reuse;
  plan.tls.verify = !args.insecure;
  plan.tls.ca_file = args.cacert;
  for (const auto& r : args.resolve) plan.pinned.push_back(http::parse_pinned_host(r));
  plan.proxies = chosen_proxies(args.proxy);
  const http::Proxy* proxy = http::proxy_for(plan.proxies, scenario.target.tls, scenario.target.host, scenario.target.port);

  // Before the probe: an address that cannot be used is the user's
  // mistake, told first.
  std::unique_ptr<report::MetricsEndpoint> metrics;
  if (args.metrics_listen) metrics = std::make_unique<report::MetricsEndpoint>(*args.metrics_listen);
  auto endpoints = http::resolve_once(http::route_to(scenario.target, plan.proxies), plan.pinned);
  if (!args.source_ip.empty())
    plan.sources = http::checked_source_addresses(args.source_ip, endpoints.front().address().is_v6());
  auto tls_context = scenario.target.tls ? http::make_client_context(plan.tls) : nullptr;
  if (auto problem = http::probe(scenario.target, endpoints, tls_context, plan.tls.verify, scenario.defaults.connect_timeout, proxy))
    throw UsageError(*problem);
  if (start_at) {
    check_clock(*start_at, scenario.target, endpoints, tls_context, plan.tls.verify, scenario.defaults.connect_timeout, proxy);
    refuse_if_passed(*start_at);
    const auto instant = wait_for_start(*start_at);
    if (!instant) {
      fmt::print(stderr, "{}", wait_cancelled(*start_at));
      return exit_code::aborted;
    }
    plan.start = *instant;
  }
  // Once everything else is known to be usable, and before any request of the run.
  auto recorder = open_recorder(args.out, run_info(args, scenario, plan, start_at), plan.threads);
  const auto trace = open_trace(args.trace, scenario);
  if (trace) plan.observe = [&trace] { return trace->observer(); };

  report::LiveStatus status(report::LiveStatus::mode_for(stderr, args.quiet), stderr, report::LiveStatus::colour_for(stderr),
                            std::chrono::duration<double>(plan.duration()).count());
  engine::JourneyStats so_far;  // for the endpoint's counters and the abort_on_fail objectives
  const auto mix = capacity::PersonaMix::of(scenario);
  std::optional<analysis::ObjectiveResult> abort;  // the objective that ended the run early
  double aborted_after_s = 0;
  plan.on_interval = [&](const engine::IntervalReport& interval) {
    recorder->record(interval);
    status.update(interval);
    if (metrics || watches_abort) so_far.merge(interval.stats);
    if (metrics) metrics->publish(report::prometheus_text(so_far, interval));
    if (watches_abort && !abort) {
      const double elapsed = interval.start_s + interval.length_s;
      abort = analysis::abort_reason(objectives, capacity::to_measurement(so_far, elapsed, *mix, {}), elapsed);
      if (abort) aborted_after_s = elapsed;
    }
  };
  plan.end_now = [&abort] { return abort.has_value(); };
  if (!plan.model->open()) warn_single_source(plan.model->peak_vus(), plan.sources, "--vus");
  const engine::ScenarioResult result = engine::run_scenario(plan);
  status.finish();
  if (abort)
    fmt::print("aborted after {:.0f} s: objective '{}' failed (abort_on_fail): {}\n\n", aborted_after_s,
               abort->objective.text, abort->describe());
  fmt::print("{}", report::run_summary_text(plan, result));
  print_limit_hints(result.stats, limit_context(plan.sources, endpoints, result.descriptor_limit,
                                                         plan.model->open() ? "--rate" : "--vus"));
  if (json_out.is_open()) {
    json_out << report::run_summary_json(plan, result);
    json_out.flush();
  }
  int code = result.interrupted ? exit_code::aborted : exit_code::ok;
  if (!objectives.empty() && !result.timeline.empty()) {
    // The objectives are the thresholds: a CI job reads the exit code. They
    // judge the run's own totals, already merged by the engine.
    const analysis::Judgement judgement =
        analysis::evaluate(objectives, capacity::to_measurement(result.stats, result.duration_s, *mix, {}));
    std::vector<report::Objective> judged;
    fmt::print("\n  objectives\n");
    for (const auto& r : judgement.results) {
      fmt::print("    {} {}\n", r.status == analysis::ObjectiveResult::Status::pass ? "ok  " : "FAIL", r.describe());
      if (r.objective.by_default)
        fmt::print("         the default guard: no objective was given (slo: in the scenario, --slo); "
                   "--no-default-slo judges nothing\n");
      judged.push_back(report::objective_of(r));
    }
    recorder->record(judged);
    // An objective that ended the run failed it, whatever the whole run reads.
    if (abort && code == exit_code::ok) code = exit_code::objective_failed;
    if (!judgement.pass() && code == exit_code::ok) {
      // A failure measured while the generator itself was late or saturated
      // says nothing about the target: the result is invalid, not failed,
      // unless some failure is larger than anything the generator's own
      // delay could have added.
      const auto& intervals = recorder->results().intervals;
      if (report::generator_limited(intervals, judgement)) {
        fmt::print("  result invalid: the generator was the bottleneck in {} of {} seconds (see generator health)\n",
                   report::invalid_intervals(intervals), intervals.size());
        code = exit_code::generator_limited;
      } else {
        code = exit_code::objective_failed;
      }
    }
  }
  recorder->finish(report::RunEnd{result.duration_s, result.interrupted, code, abort ? abort->objective.text : std::string(),
                                  aborted_after_s},
                   lang);
  fmt::print("\n  results      {} (report.html, summary.json, junit.xml, latency.hlog, results.jsonl)\n", recorder->dir());
  finish_trace(trace.get(), args.trace, stdout);
  return code;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Run a scenario's journeys with many virtual users");
  cmd->add_option("file", args->file, "Scenario file (YAML)")->required();
  cmd->add_option("--vus", args->vus, "Closed model: this many users, each starting a journey when the last ended (instead of the scenario's load)");
  cmd->add_option("--rate", args->rate, "Open model: journeys started per second, on a fixed schedule (instead of the scenario's load)");
  cmd->add_option("-d,--duration", args->duration, "How long to start journeys (e.g. 60s, 5m; default: the scenario load's, else 30s)");
  cmd->add_option("--arrivals", args->arrivals,
                  "Open model: uniform (evenly spaced) or poisson (independent people, as they really arrive); "
                  "default: the scenario load's, else uniform");
  cmd->add_option("--max-rate", args->max_rate, "A hard cap on journeys started per second, whatever the load (e.g. 50, 3000/m)");
  cmd->add_option("--time-scale", args->time_scale, "How fast a time-of-day profile plays: 1:30 plays 90 minutes in 3");
  cmd->add_option("--slo", args->slo, "An objective, repeatable, with the scenario's slo: 'login.p95 < 800ms', 'errors < 1%'; "
                                      "one that fails makes the exit code 1");
  cmd->add_flag("--no-default-slo", args->no_default_slo,
               "With no objective, judge nothing (by default a run with no objective judges 'errors < 1%')");
  cmd->add_flag("--abort-on-fail", args->abort_on_fail,
                "End the run early, exit 1 with the results written, once an objective has failed beyond doubt "
                "(judged each second on the run so far, after --abort-delay)");
  cmd->add_option("--abort-delay", args->abort_delay, "With --abort-on-fail: how long the run goes before it may end it")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Results directory: stream, summary.json, junit.xml, latency.hlog, report.html (default: ./rollcall-results/<UTC time>)");
  cmd->add_option("--lang", args->lang, "Language of report.html: fr or en (default: from the locale)");
  cmd->add_option("--metrics-listen", args->metrics_listen,
                  "Serve live counters and latency summaries for Prometheus at ADDRESS:PORT (e.g. 127.0.0.1:9464)");
  cmd->add_option("--segment", args->segment,
                  "i/n: run this machine's part of the load (arrivals, users, feeder rows), when n machines share it");
  cmd->add_option("--start-at", args->start_at,
                  "Start at this instant, RFC 3339 (2026-12-05T08:30:00Z) or Unix seconds, as every machine of a "
                  "distributed run is told; the clock is checked against the target's Date first");
  cmd->add_option("-t,--threads", args->threads, "Worker threads, one event loop each (default: one per core)");
  cmd->add_option("--target", args->target, "Base URL, instead of the scenario's target");
  cmd->add_option("--json", args->json_file, "Also write the results as JSON to this file");
  cmd->add_flag("--insecure", args->insecure, "Do not verify the servers' TLS certificates");
  cmd->add_option("--cacert", args->cacert, "Trust this PEM CA file instead of the system's");
  cmd->add_option("--seed", args->seed, "Seed of every random draw (think times, random feeders, personas)")
      ->capture_default_str();
  cmd->add_option("--grace", args->grace, "After the end, how long journeys under way may finish")->capture_default_str();
  cmd->add_flag("--no-connection-reuse", args->no_connection_reuse,
               "Closed model: close a user's connections after each journey (open model always does)");
  cmd->add_flag("-q,--quiet", args->quiet, "No live status (by default: a block redrawn each second on a terminal, a line every 10 s otherwise)");
  cmd->add_option("--ramp-up", args->ramp_up,
                  "Closed model: start the users evenly over this time (default: 0s up to 1,000 users, "
                  "then 1 ms per user, at most half the duration)");
  cmd->add_option("--source-ip", args->source_ip,
                  "Local addresses new connections leave from, in turn: a range 127.0.0.2-127.0.0.20 or a list "
                  "127.0.0.2,127.0.0.3 (more than ~28,000 connections to one server)");
  add_resolve_flag(cmd, args->resolve);
  add_feeder_flag(cmd, args->feeders);
  add_trace_flags(cmd, args->trace);
  add_proxy_flags(cmd, args->proxy);
  cmd->callback([&action, args] { action = [args] { return run_command(*args); }; });
}

}  // namespace rollcall::cli
