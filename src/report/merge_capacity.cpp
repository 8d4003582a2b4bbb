#include "report/merge_capacity.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "analysis/staircase_verdict.hpp"
#include "analysis/usl.hpp"
#include "capacity/capacity_result.hpp"
#include "report/capacity_records.hpp"
#include "report/stream_measure.hpp"

namespace rollcall::report {

namespace {

constexpr double kStepTimeSlack = 1e-6;

// How sure the segments' judgements were asked to be: the same for the merge.
analysis::SearchSettings settings_of(const Results& r) {
  analysis::SearchSettings s;
  if (const auto* z = r.run.config.if_contains("confidence_z"); z && z->is_number()) s.confidence.z = z->to_number<double>();
  return s;
}

const CapacityStep* rung_of(const Results& r, int index) {
  for (const auto& s : r.capacity_steps)
    if (s.index == index) return &s;
  return nullptr;
}

// The end of a segment's last interval, on the merged clock.
double recorded_until(const SegmentPlacement& p, double interval_s) {
  const auto& in = p.dir->results.intervals;
  if (in.empty()) return 0;
  return static_cast<double>(p.offset) * interval_s + in.back().t_s + in.back().length_s;
}

struct Rung {
  int index = 0;
  double rate = 0;
  double start_s = 0;          // when the rung's load began (the latest segment's)
  double from_s = 0, to_s = 0;  // what is judged: after every segment's transient, to the earliest end
  std::vector<std::string> invalid;  // "segment 2: <why>", one per segment whose generator could not hold it
};

// The rung as every segment ran it, or why it cannot be judged.
std::optional<Rung> whole_rung(const SegmentSet& set, int index, std::vector<std::string>& notes) {
  Rung rung;
  rung.index = index;
  rung.start_s = -1e300;
  rung.from_s = -1e300;
  rung.to_s = 1e300;
  bool shares = true;
  double sum = 0, whole_rate = 0;
  for (const auto& p : set.segments) {
    const auto* step = rung_of(p.dir->results, index);
    if (!step) {
      notes.push_back(fmt::format("capacity rung {}: segment {} has no record of it (it did not run it whole): left out", index, p.index));
      return std::nullopt;
    }
    const double shift = static_cast<double>(p.offset) * set.interval_s;
    rung.start_s = std::max(rung.start_s, step->start_s + shift);
    rung.from_s = std::max(rung.from_s, step->start_s + step->discard_s + shift);
    rung.to_s = std::min(rung.to_s, step->end_s + shift);
    if (recorded_until(p, set.interval_s) < step->end_s + shift - kStepTimeSlack) {
      notes.push_back(fmt::format("capacity rung {}: segment {}'s intervals stop before its end: left out", index, p.index));
      return std::nullopt;
    }
    // The contract: offered_per_s is the whole run's rate when the segment
    // also gives its own share; older segments give only their own.
    shares = shares && step->segment_offered_per_s.has_value();
    sum += step->offered_per_s;
    if (p.index == 1) whole_rate = step->offered_per_s;
    if (step->verdict == Verdict::invalid)
      rung.invalid.push_back(fmt::format("segment {}: {}", p.index, step->reason.empty() ? "generator was the bottleneck" : step->reason));
  }
  if (rung.to_s <= rung.from_s + kStepTimeSlack) {
    notes.push_back(fmt::format("capacity rung {}: the segments' windows do not overlap: left out", index));
    return std::nullopt;
  }
  rung.rate = shares ? whole_rate : sum;
  return rung;
}

}  // namespace

MergedCapacity merge_capacity(const SegmentSet& set, const Results& merged, const std::vector<scenario::Objective>& objectives) {
  MergedCapacity out;
  const auto settings = settings_of(merged);
  const auto mix = persona_mix(merged, objectives);

  capacity::CapacityResult result;
  result.settings = settings;
  result.objectives = objectives;
  std::vector<analysis::StepRecord> records;
  std::vector<std::pair<double, double>> windows;
  std::vector<double> discards;
  for (const auto& first : set.segments.front().dir->results.capacity_steps) {
    const auto rung = whole_rung(set, first.index, out.notes);
    if (!rung) continue;
    analysis::StepMeasurement m;
    m.measurement = stretch_measurement(merged, rung->from_s, rung->to_s, mix);
    analysis::StepRecord r;
    r.plan.phase = analysis::Phase::staircase;
    r.plan.rate = rung->rate;
    r.plan.index = static_cast<unsigned>(rung->index);
    r.plan.hold = std::chrono::duration_cast<analysis::Duration>(std::chrono::duration<double>(rung->to_s - rung->from_s));
    r.plan.max_hold = r.plan.hold;
    r.offered_rate = m.measurement.offered_rate();
    r.achieved_rate = m.measurement.achieved_rate();
    r.journey_p95_ms = static_cast<double>(m.measurement.journeys().percentile(95)) / 1e3;
    r.judged_s = m.measurement.seconds;
    r.users_at_end = m.measurement.users_at_end;
    r.ended_rate = m.measurement.ended_rate();
    analysis::judge_step(r, m, settings, objectives);
    // Judged per segment: one generator that could not offer its share
    // makes the rung's load something other than its rate.
    if (!rung->invalid.empty()) {
      r.outcome = analysis::Outcome::invalid;
      r.generator_problems = rung->invalid;
    }
    capacity::StepResult step;
    step.record = r;
    step.measurement = m.measurement;
    step.users = m.measurement.users;
    step.wall_s = m.measurement.seconds;
    if (m.measurement.seconds > 0)
      step.requests_per_s = static_cast<double>(m.measurement.requests().requests) / m.measurement.seconds;
    records.push_back(r);
    result.steps.push_back(std::move(step));
    windows.emplace_back(rung->start_s, rung->to_s);
    discards.push_back(rung->from_s - rung->start_s);
  }

  result.verdict = analysis::staircase_verdict(records, settings);
  // As the search fills them: the saturation point in other units from its
  // rung, the limiting line from the first failing rung's worst objective.
  for (const auto& s : result.steps) {
    if (s.record.outcome == analysis::Outcome::pass && s.record.plan.rate == result.verdict.saturation) {
      result.requests_per_s = s.requests_per_s;
      result.concurrent_users = s.users;
    }
  }
  if (const auto* failing = result.failing_step())
    if (const auto* worst = failing->record.judgement.worst()) result.limiting_line = worst->objective.step;
  result.usl_points = analysis::throughput_points(records);
  result.usl = analysis::fit_usl(result.usl_points);

  for (std::size_t i = 0; i < result.steps.size(); ++i) {
    auto step = capacity_step(result.steps[i], static_cast<int>(result.steps[i].record.plan.index), result.limiting_line);
    step.offered_per_s = result.steps[i].record.plan.rate;  // the rung's rate, as the staircase planned it
    step.start_s = windows[i].first;
    step.end_s = windows[i].second;
    step.discard_s = discards[i];
    out.steps.push_back(std::move(step));
  }
  out.saturation = saturation_of(result);
  out.objectives = objectives_of(result);
  out.kind = result.verdict.kind;
  return out;
}

}  // namespace rollcall::report
