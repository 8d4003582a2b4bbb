#include "http/resolve.hpp"
#include "cli/capacity_options.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

#include <boost/json/array.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/options.hpp"
#include "cli/results_options.hpp"
#include "analysis/objectives.hpp"
#include "common/exit_code.hpp"
#include "common/instant.hpp"
#include "common/usage_error.hpp"
#include "report/capacity_records.hpp"
#include "report/capacity_summary.hpp"
#include "report/results_dir.hpp"
#include "report/run_recorder.hpp"
#include "scenario/flow_analysis.hpp"
#include "scenario/load_text.hpp"

namespace rollcall::cli {

namespace {

double rate_flag(const std::string& flag, const std::string& text) {
  scenario::TextProblem problem;
  auto r = scenario::parse_rate(text, problem);
  if (!r) throw UsageError(fmt::format("{} '{}': {}", flag, text, problem.message));
  return *r;
}

double ratio_flag(const std::string& flag, const std::string& text) {
  scenario::TextProblem problem;
  auto r = scenario::parse_ratio(text, problem);
  if (!r) throw UsageError(fmt::format("{} '{}': {}", flag, text, problem.message));
  return *r;
}

std::chrono::nanoseconds duration_flag(const std::string& flag, const std::string& text, bool allow_zero) {
  if (allow_zero && (text == "0" || text == "0s")) return {};
  return positive_duration(flag, text);
}

}  // namespace

std::vector<scenario::Objective> objectives_from(const std::vector<std::string>& slo, const scenario::Scenario& sc) {
  std::vector<std::string> steps;
  scenario::ObjectiveNames names;
  for (const auto& p : sc.personas) {
    names.personas.push_back(p.name);
    names.steps_of.push_back(scenario::step_names(p.flow));
    for (const auto& n : names.steps_of.back())
      if (std::find(steps.begin(), steps.end(), n) == steps.end()) steps.push_back(n);
  }
  std::vector<scenario::Objective> out;
  for (const auto& text : slo) {
    scenario::TextProblem problem;
    auto o = scenario::parse_objective(text, problem);
    if (!o) throw UsageError(fmt::format("--slo '{}': {}", text, problem.message));
    if (!o->step.empty() && !scenario::is_line_of(o->step, steps)) {
      std::string list;
      for (const auto& s : steps) list += (list.empty() ? "" : ", ") + s;
      throw UsageError(fmt::format("--slo '{}': the scenario has no step '{}' (its steps: {})", text, o->step, list));
    }
    if (!o->persona.empty() && std::find(names.personas.begin(), names.personas.end(), o->persona) == names.personas.end())
      throw UsageError(fmt::format("--slo '{}': the scenario has no persona '{}'", text, o->persona));
    if (!o->persona.empty() && !o->step.empty())
      if (auto problem_text = scenario::persona_step_problem(*o, names))
        throw UsageError(fmt::format("--slo '{}': {}", text, *problem_text));
    out.push_back(std::move(*o));
  }
  // The command line's objectives join the scenario's `slo:`.
  out.insert(out.begin(), sc.objectives.begin(), sc.objectives.end());
  return out;
}

namespace {

// "student=1200000@90%": who could log in, and the share that does within the window.
scenario::PopulationSpec population(const CapacityArgs& a) {
  scenario::PopulationSpec spec;
  for (const auto& text : a.population) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(fmt::format("--population '{}': expected ROLE=COUNT or ROLE=COUNT@SHARE, e.g. student=1200000@90%", text));
    scenario::PopulationGroup g;
    g.role = text.substr(0, eq);
    std::string count = text.substr(eq + 1);
    if (const auto at = count.find('@'); at != std::string::npos) {
      g.share = ratio_flag("--population", count.substr(at + 1));
      count.resize(at);
    }
    count.erase(std::remove(count.begin(), count.end(), '_'), count.end());
    count.erase(std::remove(count.begin(), count.end(), ','), count.end());
    try {
      std::size_t used = 0;
      g.count = std::stoull(count, &used);
      if (used != count.size() || count.front() == '-') throw std::invalid_argument(count);
    } catch (const std::exception&) {
      throw UsageError(fmt::format("--population '{}': '{}' is not a count of people", text, count));
    }
    spec.groups.push_back(std::move(g));
  }
  spec.window = positive_duration("--peak-window", a.peak_window);
  if (!(a.peak_factor >= 1)) throw UsageError(fmt::format("--peak-factor {}: must be at least 1", a.peak_factor));
  spec.peak_factor = a.peak_factor;
  return spec;
}

}  // namespace

void add_search_flags(CLI::App* cmd, CapacityArgs& a) {
  cmd->add_option("--out", a.out, "Results directory: stream, summary.json, junit.xml, latency.hlog, report.html (default: ./rollcall-results/<UTC time>)");
  cmd->add_option("--lang", a.lang, "Language of report.html: fr or en (default: from the locale)");
  cmd->add_option("--start-rate", a.start_rate, "First step, journeys/s (e.g. 10, 600/m)")->capture_default_str();
  cmd->add_option("--growth", a.growth, "Each step multiplies the rate by this")->capture_default_str();
  cmd->add_option("--increment", a.increment, "Each step adds this rate instead of multiplying (e.g. 20/s)");
  cmd->add_option("--hold", a.hold, "How long each step lasts, transient included")->capture_default_str();
  cmd->add_option("--transient", a.transient, "Start of each step left out of its judgement")->capture_default_str();
  cmd->add_option("--warmup", a.warmup, "At the start rate, not judged (0: none)")->capture_default_str();
  cmd->add_option("--resolution", a.resolution, "Bisection stops when the interval is this narrow")->capture_default_str();
  cmd->add_option("--max-rate", a.max_rate, "Never offer more than this, journeys/s");
  cmd->add_option("--cooldown", a.cooldown,
                  "After a failing step, no load for at least this long (the target drains its queues)")
      ->capture_default_str();
  cmd->add_option("--max-cooldown", a.max_cooldown,
                  "...and at most this long, however large the backlog the step left")
      ->capture_default_str();
  cmd->add_flag("--no-recovery-check", a.no_recovery_check, "Skip the overload and recovery check at the end");
  cmd->add_option("--recovery-hold", a.recovery_hold, "How long the load is held at half the saturation point")
      ->capture_default_str();
  cmd->add_option("--recovery-window", a.recovery_window, "The recovery is judged window by window")->capture_default_str();
  cmd->add_option("--slo", a.slo, "An objective, repeatable: 'cas-login-submit.p95 < 800ms', 'errors < 1%' "
                                  "(default: errors < 1%, rejected < 5%, achieved >= 95% of offered)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--no-guard", a.no_guard,
                  "Turn off a default guard kept beside your objectives: errors, rejected or achieved (repeatable)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--arrivals", a.arrivals, "How journeys arrive: poisson (independent people) or uniform (evenly spaced)")
      ->capture_default_str();
  cmd->add_option("--tail-samples", a.tail_samples,
                  "A step holds at least this many samples beyond each percentile objective (10: 200 journeys for a p95)")
      ->capture_default_str();
  cmd->add_option("--min-journeys", a.min_journeys, "A step's judged stretch holds at least this many journeys")
      ->capture_default_str();
  cmd->add_option("--max-extension", a.max_extension,
                  "A step whose judgement is undecided goes on, up to this many times its judged length")
      ->capture_default_str();
  cmd->add_option("--max-step", a.max_step,
                  "A step's judged stretch, extensions included, is at most this long; slow targets near their "
                  "capacity need longer to decide (docs/capacity.md)")
      ->capture_default_str();
  cmd->add_option("--population", a.population, "ROLE=COUNT[@SHARE], repeatable: who could log in in the peak window, for the plan")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--peak-window", a.peak_window, "With --population: the window the logins spread over")->capture_default_str();
  cmd->add_option("--peak-factor", a.peak_factor, "With --population: the busiest moment against the window's mean")
      ->capture_default_str();
  cmd->add_option("--abort-errors", a.abort_errors, "Abort rule: stop a step when errors exceed this share...")
      ->capture_default_str();
  cmd->add_option("--abort-window", a.abort_window, "...over this long")->capture_default_str();
  cmd->add_option("--max-loop-lag", a.max_loop_lag_ms, "Generator health: event-loop lag p99 (ms) above which a step is invalid (default 20)");
  cmd->add_option("-t,--threads", a.threads, "Worker threads, one event loop each (default: one per core)");
  cmd->add_option("--seed", a.seed, "Seed of every random draw")->capture_default_str();
  cmd->add_flag("-q,--quiet", a.quiet, "No line per step on stderr while the search goes");
}

capacity::SearchOptions search_options(const CapacityArgs& a, const scenario::Scenario& sc) {
  capacity::SearchOptions o;
  auto& s = o.search;
  s.start_rate = rate_flag("--start-rate", a.start_rate);
  if (!(a.growth > 1)) throw UsageError(fmt::format("--growth {}: must be above 1 (each step higher than the last)", a.growth));
  s.growth = a.growth;
  if (a.increment) s.increment = rate_flag("--increment", *a.increment);
  s.hold = positive_duration("--hold", a.hold);
  s.transient = duration_flag("--transient", a.transient, true);
  if (s.transient >= s.hold)
    throw UsageError(fmt::format("--transient {} leaves nothing of --hold {} to judge: make it shorter than the hold",
                                 a.transient, a.hold));
  s.warmup = duration_flag("--warmup", a.warmup, true);
  s.resolution = ratio_flag("--resolution", a.resolution);
  if (!(s.resolution > 0)) throw UsageError("--resolution must be above 0%");
  if (a.max_rate) {
    s.max_rate = rate_flag("--max-rate", *a.max_rate);
    if (s.start_rate > s.max_rate)
      throw UsageError(fmt::format("--start-rate {} is above --max-rate {}: the first step would break the cap",
                                   a.start_rate, *a.max_rate));
  }
  s.recovery = !a.no_recovery_check;
  s.recovery_hold = positive_duration("--recovery-hold", a.recovery_hold);
  s.recovery_window = positive_duration("--recovery-window", a.recovery_window);
  if (s.recovery_window > s.recovery_hold)
    throw UsageError(fmt::format("--recovery-window {} is longer than --recovery-hold {}", a.recovery_window, a.recovery_hold));
  s.abort.error_ratio = ratio_flag("--abort-errors", a.abort_errors);
  s.abort.window = positive_duration("--abort-window", a.abort_window);
  if (a.max_loop_lag_ms) s.limits.loop_lag_p99_ms = *a.max_loop_lag_ms;

  s.cooldown = duration_flag("--cooldown", a.cooldown, true);
  s.max_cooldown = duration_flag("--max-cooldown", a.max_cooldown, true);
  for (const auto& name : a.no_guard)
    if (!analysis::is_guard_name(name))
      throw UsageError(fmt::format("--no-guard '{}': the guards are errors, rejected and achieved", name));
  // The user's objectives, and the guards they did not replace or turn
  // off: a search judged on latency alone would pass a step where half the
  // logins fail fast.
  o.objectives = analysis::with_guards(objectives_from(a.slo, sc), a.no_guard);
  o.runner.arrivals = arrival_process_flag("--arrivals", a.arrivals);
  if (!(a.tail_samples > 0)) throw UsageError(fmt::format("--tail-samples {}: must be above 0", a.tail_samples));
  s.tail = a.tail_samples;
  s.min_journeys = a.min_journeys;
  if (!(a.max_extension >= 1))
    throw UsageError(fmt::format("--max-extension {}: must be at least 1 (1: steps are never extended)", a.max_extension));
  s.max_extension = a.max_extension;
  s.max_judged = positive_duration("--max-step", a.max_step);
  if (!a.population.empty())
    o.population = population(a);
  else if (sc.population)
    o.population = sc.population;
  if (sc.load)
    if (const auto* shaped = std::get_if<scenario::ProfileLoad>(&sc.load->model)) o.profile = shaped->profile;

  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  o.runner.threads = a.threads == 0 ? cores : a.threads;
  o.runner.seed = a.seed;
  o.runner.tls.verify = !a.insecure;
  for (const auto& r : a.resolve) o.runner.pinned.push_back(http::parse_pinned_host(r));
  o.runner.proxies = chosen_proxies(a.proxy);
  o.runner.tls.ca_file = a.cacert;
  o.runner.abort = s.abort;
  if (!a.quiet) o.on_step = [](const capacity::StepResult& step) {
    fmt::print(stderr, "{}", report::capacity_step_line(step));
    std::fflush(stderr);
  };
  return o;
}

namespace {

report::RunInfo capacity_info(const scenario::Scenario& sc, const capacity::SearchOptions& o, engine::Slice segment,
                              const std::optional<StartAt>& start_at) {
  report::RunInfo info = base_run_info("capacity", sc);
  add_distribution(info, segment, start_at);
  if (o.search.fixed_staircase) info.config["search"] = "fixed staircase";
  info.config["start_rate"] = o.search.start_rate;
  info.config["growth"] = o.search.growth;
  info.config["hold_s"] = std::chrono::duration<double>(o.search.hold).count();
  info.config["transient_s"] = std::chrono::duration<double>(o.search.transient).count();
  info.config["resolution"] = o.search.resolution;
  if (o.search.max_rate < 1e9) info.config["max_rate"] = o.search.max_rate;
  info.config["threads"] = o.runner.threads;
  info.config["arrivals"] = o.runner.arrivals == scenario::LoadSpec::Arrivals::poisson ? "poisson" : "uniform";
  info.config["confidence_z"] = o.search.confidence.z;
  info.config["journeys_per_step"] = analysis::journeys_needed(o.objectives, o.search.tail, o.search.min_journeys);
  boost::json::array objectives;
  for (const auto& obj : o.objectives) objectives.push_back(boost::json::string(obj.text));
  info.config["objectives"] = std::move(objectives);
  return info;
}

}  // namespace

void distribute_search(capacity::SearchOptions& options, engine::Slice segment) {
  if (segment.stride <= 1) return;
  options.search.fixed_staircase = true;
  options.search.share = 1.0 / static_cast<double>(segment.stride);
  options.runner.segment = segment;
}

int run_capacity_search(const scenario::Scenario& scenario, const capacity::SearchOptions& given,
                        const CapacityArgs& args, engine::Slice segment, const std::optional<StartAt>& start_at) {
  std::ofstream json_out;
  if (!args.json_file.empty()) {
    json_out.open(args.json_file);
    if (!json_out) throw UsageError(fmt::format("--json {}: cannot write this file", args.json_file));
  }
  const report::Lang lang = chosen_lang(args.lang);
  capacity::SearchOptions options = given;
  if (start_at) {
    refuse_if_passed(*start_at);
    const auto instant = wait_for_start(*start_at);
    if (!instant) {
      fmt::print(stderr, "{}", wait_cancelled(*start_at));
      return exit_code::aborted;
    }
    options.start = *instant;
  }
  report::RunInfo info = capacity_info(scenario, options, segment, start_at);
  if (!start_at) {
    // The search's clock starts a moment from now (opening the results
    // directory fits in it), and started_at is that moment: the stream's
    // intervals count from it exactly.
    constexpr double lead_s = 0.5;
    options.start = engine::Clock::now() + std::chrono::milliseconds(500);
    info.started_at = epoch_now() + lead_s;
  }
  auto recorder = open_recorder(args.out, std::move(info), options.runner.threads);
  const auto trace = open_trace(args.trace, scenario);
  if (trace) options.runner.observe = [&trace] { return trace->observer(); };
  // The stream's clock is the search's (capacity/search_run.hpp): its
  // start, or the --start-at instant every machine shares.
  options.runner.on_interval = [&](const engine::IntervalReport& r) { recorder->record(r); };
  int step_index = 0;
  auto print_step = given.on_step;
  const bool segmented = segment.stride > 1;
  options.on_step = [&](const capacity::StepResult& step) {
    if (print_step) print_step(step);
    recorder->record(report::capacity_step(step, step_index++, "", segmented));
  };

  if (!args.quiet && segmented)
    fmt::print(stderr, "rollcall capacity: segment {}/{}: a fixed staircase from {:.4g}/s (the whole run's rates), this "
                       "machine offering 1/{} of each rung; a line per rung\n",
               segment.offset + 1, segment.stride, options.search.start_rate, segment.stride);
  else if (!args.quiet)
    fmt::print(stderr, "rollcall capacity: searching from {:.4g}/s; a line per step\n", options.search.start_rate);
  const capacity::CapacityResult result = capacity::run_capacity_search(scenario, options);
  fmt::print("{}", report::capacity_summary_text(result));
  if (segmented)
    fmt::print("\n  segment {}/{}: the verdict above is this machine's view of its 1/{} of each rung; rollcall merge "
               "judges the rungs on every segment's results\n",
               segment.offset + 1, segment.stride, segment.stride);
  finish_trace(trace.get(), args.trace, stdout);
  std::fflush(stdout);
  if (json_out.is_open()) {
    json_out << report::capacity_summary_json(result);
    json_out.flush();
  }
  using Kind = analysis::Verdict::Kind;
  int code = exit_code::ok;
  if (result.interrupted)
    code = exit_code::aborted;
  else if (result.verdict.kind == Kind::generator_limited)
    code = exit_code::generator_limited;
  else if (result.verdict.kind == Kind::below_start || result.metastable() || result.shortfall())
    code = exit_code::objective_failed;
  recorder->record(report::saturation_of(result));
  recorder->record(report::objectives_of(result));
  recorder->finish(report::RunEnd{result.duration_s, result.interrupted, code, {}, 0}, lang);
  fmt::print("\n  results      {} (report.html, summary.json, junit.xml, latency.hlog, results.jsonl)\n", recorder->dir());
  return code;
}

}  // namespace rollcall::cli
