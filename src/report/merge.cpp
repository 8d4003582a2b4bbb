#include "report/merge.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/objectives.hpp"
#include "common/exit_code.hpp"
#include "report/capacity_records.hpp"
#include "report/generator_verdict.hpp"
#include "report/merge_capacity.hpp"
#include "report/merge_intervals.hpp"
#include "report/stream_measure.hpp"
#include "report/summary_json.hpp"
#include "scenario/load_text.hpp"

namespace rollcall::report {

namespace {

void add_names(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const auto& name : from)
    if (std::find(into.begin(), into.end(), name) == into.end()) into.push_back(name);
}

RunInfo merged_run_info(const SegmentSet& set) {
  RunInfo run = set.segments.front().dir->results.run;
  run.segment.reset();
  run.started_at = set.started_at;
  run.generators = static_cast<int>(set.segments.size());
  std::vector<std::string> hosts;
  for (const auto& p : set.segments) {
    const auto& r = p.dir->results.run;
    add_names(run.steps, r.steps);
    add_names(run.personas, r.personas);
    hosts.push_back(r.host);
    run.segments.push_back(SegmentInfo{p.index, run.generators, r.host, r.started_at});
    if (r.start_at != run.start_at) run.start_at.reset();
  }
  run.host = fmt::format("{}", fmt::join(hosts, ", "));
  return run;
}

// What the segments were judged by, from the first that wrote its
// objectives (their text is the scenario's syntax); else the run's
// configuration; else what each command judges by default.
std::vector<scenario::Objective> objectives_to_judge(const SegmentSet& set, const std::string& kind,
                                                     std::vector<std::string>& notes) {
  std::vector<scenario::Objective> out;
  auto parse = [&](const std::string& text, bool by_default) {
    scenario::TextProblem problem;
    if (auto o = scenario::parse_objective(text, problem)) {
      o->by_default = by_default;
      out.push_back(*o);
    } else {
      notes.push_back(fmt::format("objective '{}' could not be read again ({}): not judged", text, problem.message));
    }
  };
  for (const auto& p : set.segments) {
    if (p.dir->results.objectives.empty()) continue;
    for (const auto& o : p.dir->results.objectives) parse(o.name, o.by_default);
    return out;
  }
  if (const auto* list = set.segments.front().dir->results.run.config.if_contains("objectives"); list && list->is_array())
    for (const auto& v : list->get_array())
      if (v.is_string()) parse(std::string(v.get_string()), false);
  if (!out.empty()) {
    notes.push_back("no segment wrote its objectives (none finished): judged by the scenario's slo:");
    return out;
  }
  if (kind == "capacity") return analysis::default_objectives();
  parse("errors < 1%", true);
  return out;
}

std::optional<RunEnd> merged_end(const SegmentSet& set) {
  RunEnd end;
  for (const auto& p : set.segments) {
    const auto& r = p.dir->results;
    if (!r.end) return std::nullopt;  // a run that did not finish is not told as finished
    end.duration_s = std::max(end.duration_s, static_cast<double>(p.offset) * set.interval_s + r.end->duration_s);
    end.interrupted = end.interrupted || r.end->interrupted;
    if (end.aborted_by.empty() && !r.end->aborted_by.empty()) {
      end.aborted_by = r.end->aborted_by;
      end.aborted_after_s = r.end->aborted_after_s + static_cast<double>(p.offset) * set.interval_s;
    }
  }
  return end;
}

}  // namespace

MergedRun merge_segments(const std::vector<SegmentDir>& dirs) {
  const SegmentSet set = place_segments(dirs);
  MergedRun out;
  out.notes = set.notes;
  Results& m = out.results;
  m.run = merged_run_info(set);
  std::vector<SegmentIntervals> parts;
  for (const auto& p : set.segments) parts.push_back(SegmentIntervals{p.index, &p.dir->results, p.offset});
  m.intervals = merge_intervals(parts, set.interval_s);
  m.end = merged_end(set);

  const auto objectives = objectives_to_judge(set, m.run.kind, out.notes);
  bool generators_limited = false;
  bool failed = false;
  if (m.run.kind == "capacity") {
    auto capacity = merge_capacity(set, m, objectives);
    out.notes.insert(out.notes.end(), capacity.notes.begin(), capacity.notes.end());
    m.capacity_steps = std::move(capacity.steps);
    m.saturation = std::move(capacity.saturation);
    m.objectives = std::move(capacity.objectives);
    generators_limited = capacity.kind == analysis::Verdict::Kind::generator_limited;
    failed = capacity.kind == analysis::Verdict::Kind::below_start;
  } else if (!objectives.empty() && !m.intervals.empty()) {
    const auto mix = persona_mix(m, objectives);
    const auto judgement = analysis::evaluate(objectives, run_measurement(m, *mix));
    for (const auto& r : judgement.results) m.objectives.push_back(objective_of(r));
    generators_limited = generator_limited(m.intervals, judgement);
  }
  failed = failed || !objectives_passed(m);

  if (!m.end)
    out.exit_code = exit_code::aborted;
  else if (generators_limited)
    out.exit_code = exit_code::generator_limited;
  else if (failed)
    out.exit_code = exit_code::objective_failed;
  else
    out.exit_code = exit_code::ok;
  if (m.end) m.end->exit_code = out.exit_code;
  compute_totals(m);
  return out;
}

}  // namespace rollcall::report
