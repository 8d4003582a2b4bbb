#include "analysis/capacity_search.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/knee.hpp"
#include "common/duration.hpp"

namespace rollcall::analysis {

using namespace std::chrono_literals;

using scenario::Objective;

std::vector<std::string> GeneratorLimits::problems(const GeneratorHealth& h) const {
  std::vector<std::string> out;
  if (h.loop_lag_p99_ms > loop_lag_p99_ms)
    out.push_back(fmt::format("event loop lag p99 {:.3g}ms above {:.3g}ms", h.loop_lag_p99_ms, loop_lag_p99_ms));
  if (h.lateness_p99_ms > lateness_p99_ms)
    out.push_back(fmt::format("arrivals late by {:.3g}ms (p99), above {:.3g}ms", h.lateness_p99_ms, lateness_p99_ms));
  if (h.cpu > cpu) out.push_back(fmt::format("generator CPU {:.0f}% above {:.0f}%", h.cpu * 100, cpu * 100));
  return out;
}

std::string_view phase_name(Phase p) {
  switch (p) {
    case Phase::warmup: return "warm-up";
    case Phase::staircase: return "staircase";
    case Phase::bisection: return "bisection";
    case Phase::confirmation: return "confirmation";
    case Phase::overload: return "overload";
    case Phase::recovery: return "recovery";
  }
  return "?";
}

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::unjudged: return "not judged";
    case Outcome::pass: return "pass";
    case Outcome::fail: return "fail";
    case Outcome::invalid: return "invalid";
  }
  return "?";
}

std::string_view reason_name(Reason r) {
  switch (r) {
    case Reason::none: return "none";
    case Reason::latency: return "latency";
    case Reason::errors: return "errors";
    case Reason::rejected: return "rejected by quota";
    case Reason::throughput: return "throughput plateau";
    case Reason::completion: return "journeys not completed";
  }
  return "?";
}

Reason reason_of(const Objective& o) {
  switch (o.metric) {
    case Objective::Metric::latency: return Reason::latency;
    case Objective::Metric::errors: return Reason::errors;
    case Objective::Metric::queued:
    case Objective::Metric::rejected: return Reason::rejected;
    case Objective::Metric::achieved: return Reason::throughput;
    case Objective::Metric::completed: return Reason::completion;
  }
  return Reason::none;
}

namespace {

std::string rate_text(double r) { return fmt::format("{:.4g}/s", r); }

}  // namespace

std::string Verdict::sentence() const {
  std::string s;
  switch (kind) {
    case Kind::pending: return "search not finished";
    case Kind::saturated:
      s = fmt::format("saturation at {} journeys/s (between {} and {}{})", rate_text(saturation), rate_text(saturation),
                      rate_text(lowest_failing), confirmed ? ", confirmed" : ", not confirmed");
      break;
    case Kind::not_reached: return fmt::format("no saturation up to the maximum rate, {} journeys/s", rate_text(saturation));
    case Kind::below_start:
      s = fmt::format("saturated below the lowest rate tried: {} journeys/s already fails", rate_text(lowest_failing));
      break;
    case Kind::generator_limited:
      return fmt::format("generator-limited at {}: the target held{} up to there; run more generators (--segment)",
                         rate_text(generator_limit), saturation > 0 ? fmt::format(" its objectives at {}", rate_text(saturation)) : "");
    case Kind::inconclusive:
      s = fmt::format("inconclusive after the step limit: passes at {}, fails at {}", rate_text(saturation),
                      lowest_failing > 0 ? rate_text(lowest_failing) : "no rate yet");
      break;
  }
  if (!limiting.empty()) s += fmt::format("; limited by {} ({})", limiting, reason_name(reason));
  if (knee) s += fmt::format("; latency knee at {}", rate_text(*knee));
  if (moved && moved->low >= moved->high)
    s += fmt::format("; {} passed once and failed another time", rate_text(moved->high));
  else if (moved)
    s += fmt::format("; the target's capacity moved during the search: {:.4g}-{}", moved->low, rate_text(moved->high));
  if (recovery.checked)
    s += recovery.recovered ? fmt::format("; recovers in {} once the load drops", format_duration(recovery.time_to_recover))
                            : "; does not recover once the load drops: metastable";
  return s;
}

CapacitySearch::CapacitySearch(SearchSettings settings, std::vector<Objective> objectives)
    : settings_(settings), objectives_(std::move(objectives)) {
  if (objectives_.empty()) objectives_ = default_objectives();
  phase_ = settings_.warmup.count() > 0 ? Phase::warmup : Phase::staircase;
  rate_ = std::min(settings_.start_rate, settings_.max_rate);
  journeys_needed_ = journeys_needed(objectives_, settings_.tail, settings_.min_journeys);
}

Duration CapacitySearch::transient() const {
  const auto settle = std::chrono::duration_cast<Duration>(
      std::chrono::duration<double, std::milli>(journey_p95_ms_ * settings_.transient_journeys));
  return std::max(settings_.transient, std::min(settle, settings_.max_transient));
}

Duration CapacitySearch::cooldown() const {
  if (history_.empty()) return Duration::zero();
  const auto& last = history_.back();
  if (last.outcome != Outcome::fail && last.outcome != Outcome::invalid) return Duration::zero();
  if (last.users_at_end < 1) return settings_.cooldown;
  // Journeys/s: the target has shown it ends journeys (served, or answered
  // with an error) at least this fast.
  double fastest = 0;
  for (const auto& h : history_) fastest = std::max(fastest, h.ended_rate);
  const Duration longest = std::max(settings_.cooldown, settings_.max_cooldown);
  if (fastest <= 0) return longest;
  const auto drain = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(last.users_at_end / fastest));
  return std::clamp(drain, settings_.cooldown, longest);
}

StepPlan CapacitySearch::recovery_after(const StepPlan& overload) const {
  StepPlan p = plan(Phase::recovery, recovery_rate());
  p.index = overload.index + 1;
  return p;
}

StepPlan CapacitySearch::plan(Phase phase, double rate) const {
  StepPlan p;
  p.phase = phase;
  p.rate = rate;
  p.index = static_cast<unsigned>(history_.size());
  switch (phase) {
    case Phase::warmup: p.hold = settings_.warmup; break;
    case Phase::recovery:
      p.hold = settings_.recovery_hold;
      p.window = settings_.recovery_window;
      break;
    default: {
      if (settings_.fixed_staircase) {
        // Decided by the settings alone, the same on every machine: the
        // transient as given, the judged stretch long enough for this
        // machine's share of the journeys its objectives need, never
        // extended, never cut short but by the abort rule.
        p.discard = std::min(settings_.transient, settings_.hold);
        const auto given = settings_.hold - p.discard;
        double for_samples_s = static_cast<double>(journeys_needed_) / std::max(rate * settings_.share, 1e-3);
        // The merge judges every machine's requests together: a request
        // ratio must be able to show, with no event at all, that it is
        // below its threshold on the whole run's requests, as a single
        // machine's step is extended to. The merge reads whole intervals
        // and the machines' windows overlap a little less than each one's:
        // half as many again, and whole seconds.
        for (const auto& o : objectives_)
          if (from_above(o) && (o.metric == scenario::Objective::Metric::errors ||
                                o.metric == scenario::Objective::Metric::queued ||
                                o.metric == scenario::Objective::Metric::rejected))
            for_samples_s = std::max(for_samples_s, 1.5 * static_cast<double>(samples_needed(o)) / std::max(rate, 1e-3));
        const auto for_samples = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(std::ceil(for_samples_s)));
        p.hold = p.discard + std::max({given, std::min(for_samples, settings_.max_judged), Duration(1s)});
        p.max_hold = p.hold;
        p.first_look = p.hold;
        break;
      }
      // The judged stretch: the command's hold at least, and long enough
      // for the journeys its objectives need at this rate.
      p.discard = transient();
      const auto given = settings_.hold - std::min(settings_.hold, settings_.transient);
      const auto for_samples = std::chrono::duration_cast<Duration>(
          std::chrono::duration<double>(static_cast<double>(journeys_needed_) / std::max(rate, 1e-3)));
      const Duration judged = std::max({given, std::min(for_samples, settings_.max_judged), Duration(1s)});
      p.hold = p.discard + judged;
      // Extended at most max_extension times, and at least as far as a
      // request ratio needs to show, with no event at all, that it is
      // below its threshold (a journey sends one request at least; 10% more
      // for the requests still in flight at the end): a step at its cap
      // that has not shown it fails.
      double for_ratios_s = 0;
      for (const auto& o : objectives_)
        if (from_above(o) && (o.metric == scenario::Objective::Metric::errors || o.metric == scenario::Objective::Metric::queued ||
                              o.metric == scenario::Objective::Metric::rejected))
          for_ratios_s = std::max(for_ratios_s, 1.1 * static_cast<double>(samples_needed(o)) / std::max(rate, 1e-3));
      const auto extended = std::max(std::chrono::duration_cast<Duration>(judged * settings_.max_extension),
                                     std::chrono::duration_cast<Duration>(std::chrono::duration<double>(for_ratios_s)));
      const auto longest = std::max(judged, std::min(extended, settings_.max_judged));
      p.max_hold = phase == Phase::overload ? p.hold : p.discard + longest;
      p.first_look = p.discard + std::min(judged, std::max(given, Duration(1s)));
      p.cooldown = cooldown();
    }
  }
  if (p.max_hold < p.hold) p.max_hold = p.hold;
  return p;
}

bool CapacitySearch::conclusive(const StepMeasurement& m) const {
  if (m.aborted || !settings_.limits.problems(m.measurement.generator).empty()) return true;
  const Judgement j = evaluate(objectives_, m.measurement, settings_.confidence);
  if (!j.decided()) return false;
  if (!j.pass()) return true;  // failed beyond doubt: no need to overload the target for longer
  // A pass needs the samples its objectives need: the judged stretch's minimum.
  const auto plan = pending_ ? *pending_ : this->plan(phase_, rate_);
  return m.measurement.seconds >= std::chrono::duration<double>(plan.hold - plan.discard).count() - 1e-6;
}

std::optional<StepPlan> CapacitySearch::next_step() {
  if (done_) return std::nullopt;
  if (!pending_) pending_ = plan(phase_, rate_);
  return pending_;
}

double CapacitySearch::next_staircase_rate(double rate) const {
  const double next = settings_.increment > 0 ? rate + settings_.increment : rate * std::max(settings_.growth, 1.01);
  return std::min(next, settings_.max_rate);
}

// A step the target failed although the generator's loops were late: the
// arrivals still left on time and the CPU had room, and the objective broke
// by far more than the loops' lateness could add to a latency. A target
// that collapses piles up thousands of waiting users, whose connections
// are what made the loops late: the failure is the target's, and calling
// the step invalid would end the search "generator-limited" at the
// target's own saturation point.
static bool failed_beyond_generator(const Judgement& j, const GeneratorHealth& g, const GeneratorLimits& limits) {
  if (j.pass() || g.lateness_p99_ms > limits.lateness_p99_ms || g.cpu > limits.cpu) return false;
  const double slack_us = (g.loop_lag_p99_ms + g.lateness_p99_ms) * 1e3;
  for (const auto& r : j.results) {
    if (r.status != ObjectiveResult::Status::fail) continue;
    if (r.objective.metric != Objective::Metric::latency) return true;  // errors, quotas: the target's answers
    if (r.observed - r.objective.threshold > slack_us) return true;
  }
  return false;
}

void CapacitySearch::judge(StepRecord& r, const StepMeasurement& m) const { judge_step(r, m, settings_, objectives_); }

void judge_step(StepRecord& r, const StepMeasurement& m, const SearchSettings& settings,
                const std::vector<Objective>& objectives) {
  r.generator_problems = settings.limits.problems(m.measurement.generator);
  r.generator = m.measurement.generator;
  r.aborted = m.aborted;
  r.judgement = evaluate(objectives, m.measurement, settings.confidence);
  r.decided = r.judgement.decided();
  if (!r.generator_problems.empty() && failed_beyond_generator(r.judgement, m.measurement.generator, settings.limits))
    r.outcome = Outcome::fail;  // the problems stay on the record, for the report
  else if (!r.generator_problems.empty())
    r.outcome = Outcome::invalid;  // whatever the target did, it was not given the load
  else if (m.aborted)
    r.outcome = Outcome::fail;
  else
    r.outcome = r.judgement.pass() ? Outcome::pass : Outcome::fail;
  // Judged at its cap with an interval still straddling a threshold: the
  // estimate holds, but the samples could not show it. A saturation point
  // is a rate the target was shown to sustain, so this is a failure, the
  // least certain kind; the search's answer stays on the safe side of a
  // coin flip.
  if (r.outcome == Outcome::pass && !r.decided) {
    for (auto& o : r.judgement.results)
      if (o.status == ObjectiveResult::Status::pass && !o.decided) {
        o.status = ObjectiveResult::Status::fail;
        o.unproven = true;
      }
    r.outcome = Outcome::fail;
  }
}

// Failed only for want of proof: every objective's estimate holds.
static bool only_unproven(const StepRecord& r) {
  if (r.outcome != Outcome::fail || r.aborted || !r.generator_problems.empty()) return false;
  for (const auto& o : r.judgement.results)
    if (o.status != ObjectiveResult::Status::pass && !o.unproven) return false;
  return true;
}

void CapacitySearch::record(const StepMeasurement& m) {
  if (done_) return;
  StepRecord r;
  r.plan = pending_ ? *pending_ : plan(phase_, rate_);
  pending_.reset();
  r.offered_rate = m.measurement.offered_rate();
  r.achieved_rate = m.measurement.achieved_rate();
  r.journey_p95_ms = static_cast<double>(m.measurement.journeys().percentile(95)) / 1e3;
  r.judged_s = m.measurement.seconds;
  r.users_at_end = m.measurement.users_at_end;
  r.ended_rate = m.measurement.ended_rate();

  switch (r.plan.phase) {
    case Phase::warmup:
      // Its journeys say nothing of a healthy target's: the warm-up may
      // already overload it (and a transient from a collapsing target's
      // journeys would last a minute). Passing steps set it.
      history_.push_back(std::move(r));
      phase_ = Phase::staircase;
      rate_ = std::min(settings_.start_rate, settings_.max_rate);
      return;
    case Phase::overload:
      r.judgement = evaluate(objectives_, m.measurement, settings_.confidence);
      history_.push_back(std::move(r));
      phase_ = Phase::recovery;
      rate_ = recovery_rate();
      return;
    case Phase::recovery:
      r.judgement = evaluate(objectives_, m.measurement, settings_.confidence);
      history_.push_back(std::move(r));
      judge_recovery(m);
      done_ = true;
      return;
    default: break;
  }
  judge(r, m);
  history_.push_back(r);
  if (settings_.fixed_staircase)
    on_rung(r);
  else
    on_judged(r);
  if (!done_ && verdict_.kind == Verdict::Kind::pending && history_.size() >= settings_.max_steps)
    finish(Verdict::Kind::inconclusive);
}

void explain_failure(Verdict& v, const StepRecord& failed, const SearchSettings& settings) {
  if (const auto* worst = failed.judgement.worst()) {
    v.limiting = subject(worst->objective);
    v.reason = reason_of(worst->objective);
    v.limiting_detail = worst->describe();
  } else {
    v.limiting = "errors (step aborted)";
    v.reason = Reason::errors;
    v.limiting_detail = fmt::format("errors above {:.0f}% over {}", settings.abort.error_ratio * 100,
                                    format_duration(settings.abort.window));
  }
}

// The highest pass below the lowest failure, and what broke at that failure:
// both ways of climbing keep the same books.
void CapacitySearch::tally(const StepRecord& r) {
  const double rate = r.plan.rate;
  if (r.outcome == Outcome::pass) {
    journey_p95_ms_ = r.journey_p95_ms;
    if (!fail_ || rate < *fail_) pass_ = std::max(pass_.value_or(0), rate);
  } else if (!fail_ || rate <= *fail_) {
    fail_ = rate;
    explain_failure(verdict_, r, settings_);
  }
  if (r.outcome == Outcome::fail && !first_failure_) first_failure_ = rate;
}

// A step that passed with no queue to speak of: each latency within a
// tenth of its headroom above the fastest sample, each ratio within a
// tenth of its threshold, and a latency objective at least to say so.
// Throughput says nothing either way (it passes on the benefit of its
// counting noise).
static bool far_below(const StepRecord& r) {
  if (r.outcome != Outcome::pass || !r.decided) return false;
  bool latency = false;
  for (const auto& o : r.judgement.results) {
    const auto& objective = o.objective;
    if (!from_above(objective)) continue;
    if (objective.metric != scenario::Objective::Metric::latency) {
      if (o.observed > 0.1 * objective.threshold) return false;
    } else if (!(o.floor > 0 && o.observed - o.floor <= 0.1 * (objective.threshold - o.floor))) {
      return false;
    } else {
      latency = true;
    }
  }
  // Ratios alone say nothing of how far off a limit is: no error and no
  // quota page right up to a full queue.
  return latency;
}

// Up the staircase, two steps at once while no queue has begun to form:
// from 10/s, a target of 1,500/s is reached in five steps instead of
// eight, each of them 10-25 s. The overshoot stays bounded: at most
// growth² times a rate the target served with no queue.
void CapacitySearch::climb(const StepRecord& r) {
  const double rate = r.plan.rate;
  if (rate >= settings_.max_rate) {
    finish(Verdict::Kind::not_reached);
    return;
  }
  rate_ = next_staircase_rate(rate);
  if (settings_.increment <= 0 && far_below(r)) rate_ = next_staircase_rate(rate_);
}

// A rung of the fixed staircase, judged on this machine's share. A rung
// that failed beyond doubt (an objective's whole interval past its
// threshold, or the abort rule), or that this generator could not offer,
// is the last: every machine applies the same rule to its own share of the
// same target, so in practice they all stop after the same rung, and none
// keeps loading a shared CAS that is already failing. A failure this
// share could not show beyond doubt (its samples are 1/n of the rung's)
// goes on to the next rung: the merge judges the rung on every share.
void CapacitySearch::on_rung(const StepRecord& r) {
  const double rate = r.plan.rate;
  if (r.outcome == Outcome::invalid) {
    verdict_.generator_limit = rate;
    finish(Verdict::Kind::generator_limited);
    return;
  }
  tally(r);
  const bool beyond_doubt = r.outcome == Outcome::fail && (r.aborted || r.decided || !r.generator_problems.empty());
  if (beyond_doubt || rate >= settings_.max_rate || history_.size() >= settings_.max_steps) {
    if (fail_)
      finish(pass_ ? Verdict::Kind::saturated : Verdict::Kind::below_start);
    else
      finish(rate >= settings_.max_rate ? Verdict::Kind::not_reached : Verdict::Kind::inconclusive);
    return;
  }
  rate_ = next_staircase_rate(rate);
}

// The first steps fail: a lower one, while there are descents left.
//
// A step that failed on latency while it kept up with its arrivals shows
// a point of the latency curve: the next step goes a resolution under
// where that curve crosses the threshold, and at least two resolutions
// down; no lower than the plain descent. At 5/s a halving costs a passing
// step of a minute far below the answer, and the bisection back up from it
// two or three more.
bool CapacitySearch::descend(double rate) {
  double lower = settings_.increment > 0 ? rate - settings_.increment : rate / std::max(settings_.growth, 1.01);
  if (descents_ >= settings_.max_descents || lower <= 0) return false;
  ++descents_;
  if (!history_.empty() && history_.back().plan.rate == rate)
    if (const auto guess = crossing_below(history_.back())) {
      const double r = settings_.resolution;
      lower = std::clamp(*guess / (1 + r), lower, std::max(lower, rate / (1 + 2 * r)));
    }
  rate_ = shortfall(lower, rate).value_or(lower);
  return true;
}

// The rate at which 1 / latency, on the straight line through (rate_a,
// 1 / latency_a) and (rate_b, 1 / latency_b), reaches 1 / threshold.
static double crossing_on_line(double rate_a, double latency_a, double rate_b, double latency_b, double threshold) {
  const double share = (1 / latency_a - 1 / threshold) / (1 / latency_a - 1 / latency_b);
  return rate_a + share * (rate_b - rate_a);
}

// With no passing step to read the curve from, its other end is the
// latency with no queue at all, about the fastest sample (S): 1 / latency
// falls in a straight line from 1 / S at no load to 1 / L at the failed
// rate, and crosses 1 / threshold at rate · (X - S) · L / ((L - S) · X).
// A multi-worker queue's latency stays flatter than that line and then
// rises more steeply, so the line puts the crossing low: the safe side.
std::optional<double> CapacitySearch::crossing_below(const StepRecord& failed) const {
  if (failed.outcome != Outcome::fail || failed.ended_rate < 0.9 * failed.plan.rate) return std::nullopt;
  std::optional<double> crossing;
  for (const auto& f : failed.judgement.results) {
    const auto& o = f.objective;
    if (o.metric != scenario::Objective::Metric::latency || !from_above(o)) continue;
    if (f.status != ObjectiveResult::Status::fail) continue;
    const double x = o.threshold;
    const double l = f.observed;
    const double floor = f.floor;
    if (!(floor > 0 && floor < x && l > x)) continue;
    const double at = crossing_on_line(0, floor, failed.plan.rate, l, x);
    crossing = std::min(crossing.value_or(at), at);
  }
  return crossing;
}

// Rounded down to three significant digits: a rate a person can type again.
static double round_down(double rate) {
  if (rate <= 0) return rate;
  const double unit = std::pow(10.0, std::floor(std::log10(rate)) - 2);
  return std::floor(rate / unit + 1e-9) * unit;
}

// The last step failed short of its rate, completing `a` journeys/s: the
// target serves about that much at most, and its saturation point, where
// its objectives still hold, is at or below it. The next step tries `a`
// rather than a point halfway, when it lies clearly between `above` and
// the failed `below`: above the middle, a halving would spend its steps
// far under a throughput limit, each of them long at a low rate; below
// it, the middle is a rate the target has just shown it cannot serve.
std::optional<double> CapacitySearch::shortfall(double above, double below) const {
  if (history_.empty() || history_.back().outcome != Outcome::fail) return std::nullopt;
  const double a = round_down(history_.back().achieved_rate);
  if (a > above && a < below / (1 + settings_.resolution)) return a;
  return std::nullopt;
}

std::optional<double> CapacitySearch::best_pass_below(double rate) const {
  std::optional<double> best;
  for (const auto& h : history_)
    if (h.outcome == Outcome::pass && h.plan.rate < rate) best = std::max(best.value_or(0), h.plan.rate);
  return best;
}

// A rate failed at or below one that passed before: the pass was luck, or
// the target's capacity moved. Either way the answer must be below the
// failure: the best pass below it, and a new bisection from there.
//
// The next step is one resolution below the failure, rather than halfway
// down to that pass: a rate that passed and failed is on the target's
// edge, and the answer is most likely just under it.
void CapacitySearch::fall_back_below(double rate) {
  pass_ = best_pass_below(rate);
  if (pass_) {
    bisect_or_confirm();
    if (phase_ == Phase::bisection) rate_ = std::max(rate_, *fail_ / (1 + settings_.resolution));
    return;
  }
  phase_ = Phase::staircase;
  if (!descend(rate)) finish(Verdict::Kind::below_start);
}

void CapacitySearch::on_judged(const StepRecord& r) {
  const double rate = r.plan.rate;
  if (r.outcome == Outcome::invalid) {
    if (retries_ < settings_.invalid_retries && !settings_.limits.overwhelmed(r.generator)) {
      ++retries_;  // a busy neighbour on the machine, maybe: once more at the same rate
      return;
    }
    verdict_.generator_limit = rate;
    if (pass_ && fail_ && rate > *pass_ && rate < *fail_) {
      // A pass below and a failure above stand: the generator could not
      // judge a rate in between, so the answer stays within them, coarser.
      retries_ = 0;
      phase_ = Phase::confirmation;
      rate_ = *pass_;
      return;
    }
    if (pass_ && !fail_ && rate > *pass_) {
      // Nothing failed yet: the generator cannot offer this rate (a
      // collapsing target's waiting users can make it so), but it may
      // offer less. The rate caps the search, which goes on below it.
      retries_ = 0;
      ceiling_ = std::min(ceiling_.value_or(rate), rate);
      bisect_or_confirm();
      return;
    }
    finish(Verdict::Kind::generator_limited);
    return;
  }
  retries_ = 0;
  tally(r);
  switch (phase_) {
    case Phase::staircase:
      if (r.outcome == Outcome::pass) {
        if (fail_)
          bisect_or_confirm();  // came down to a passing rate: bisect up from it
        else
          climb(r);
      } else if (!pass_) {
        if (!descend(rate)) finish(Verdict::Kind::below_start);
      } else if (rate <= *pass_) {
        fall_back_below(rate);
      } else {
        bisect_or_confirm();
      }
      return;
    case Phase::bisection:
      if (r.outcome == Outcome::fail && pass_ && rate <= *pass_)
        fall_back_below(rate);
      else
        bisect_or_confirm();
      return;
    case Phase::confirmation:
      if (r.outcome == Outcome::pass) {
        verdict_.confirmed = true;
        finish(Verdict::Kind::saturated);
        return;
      }
      // The answer did not hold on a second run: it was luck, or the target
      // slowed down. Fall back to the best rate below it that passed, and
      // search again from there.
      ++confirmations_;
      if (confirmations_ >= settings_.confirmations) {
        settle_unconfirmed(r);
        return;
      }
      fall_back_below(rate);
      return;
    default: return;
  }
}

// The confirmations are spent. A last one that failed beyond doubt leaves
// the best pass below it. One that could not show its rate again (not
// shown to hold, every estimate holding) refutes nothing: that rate passed once
// beyond doubt and stands, not confirmed, under the lowest rate that
// failed above it. (Falling to a lower pass would answer "below the
// start" when the staircase's one pass is the rate being confirmed.)
void CapacitySearch::settle_unconfirmed(const StepRecord& r) {
  const double rate = r.plan.rate;
  const bool passed_here = std::any_of(history_.begin(), history_.end(), [&](const StepRecord& h) {
    return h.outcome == Outcome::pass && h.plan.rate == rate;
  });
  if (!only_unproven(r) || !passed_here) {
    pass_ = best_pass_below(rate);
    finish(pass_ ? Verdict::Kind::saturated : Verdict::Kind::below_start);
    return;
  }
  pass_ = rate;
  std::optional<double> above;
  for (const auto& h : history_)
    if (h.outcome == Outcome::fail && h.plan.rate > rate) above = std::min(above.value_or(h.plan.rate), h.plan.rate);
  if (above) fail_ = above;
  finish(Verdict::Kind::saturated);
}

void CapacitySearch::bisect_or_confirm() {
  if (done_) return;
  if (!fail_) {
    // Only the generator's ceiling above the passes: halve towards it,
    // and call the search generator-limited once the passes reach it.
    if ((*ceiling_ - *pass_) / *pass_ <= settings_.resolution + 1e-9) {
      verdict_.generator_limit = *ceiling_;
      finish(Verdict::Kind::generator_limited);
      return;
    }
    phase_ = Phase::bisection;
    rate_ = (*pass_ + *ceiling_) / 2;
    return;
  }
  if ((*fail_ - *pass_) / *pass_ <= settings_.resolution + 1e-9) {
    if (settings_.confirmations == 0) {
      finish(Verdict::Kind::saturated);
      return;
    }
    phase_ = Phase::confirmation;
    rate_ = *pass_;
    return;
  }
  phase_ = Phase::bisection;
  const double width = *fail_ / *pass_;
  const double middle = (*pass_ + *fail_) / 2;
  // A probe guided by the latency curve that moved one end of the
  // interval but did not halve it. Once, after a pass, it did what it was
  // placed for (just under the crossing: the next probe, a resolution
  // above, most likely closes the interval). After a failure, or twice in
  // a row, the curve misled (a cliff, not a queue): halve this time.
  const bool slow = guided_ && std::log(width) > 0.5 * std::log(last_width_);
  slow_guided_ = slow ? slow_guided_ + 1 : 0;
  const bool misled = slow && (slow_guided_ > 1 || history_.back().outcome != Outcome::pass);
  last_width_ = width;
  guided_ = false;
  if (const auto guess = latency_crossing(); guess && !misled) {
    rate_ = probe_near(*guess);
    guided_ = true;
    return;
  }
  rate_ = shortfall(*pass_ * (1 + settings_.resolution), *fail_).value_or(middle);
}

// Where the limiting latency objective crosses its threshold, read off the
// last passing and the lowest failing step: a queue's latency grows as
// 1 / (1 - load / capacity), so 1 / latency falls in a straight line with
// the rate, and the crossing is an interpolation on that line. Nothing when
// no latency objective was met at the one and failed at the other (the
// step failed on errors or throughput, or fell behind its arrivals).
std::optional<double> CapacitySearch::latency_crossing() const {
  const StepRecord* passed = nullptr;
  const StepRecord* failed = nullptr;
  for (const auto& h : history_) {
    if (h.outcome == Outcome::pass && h.plan.rate == *pass_) passed = &h;
    if (h.outcome == Outcome::fail && h.plan.rate == *fail_) failed = &h;
  }
  if (!passed || !failed || passed->judgement.results.size() != failed->judgement.results.size()) return std::nullopt;
  // Past its throughput the target's latency is not a point of its curve
  // but a backlog growing for as long as the step lasts: nothing to read.
  if (failed->ended_rate < 0.95 * failed->offered_rate) return std::nullopt;
  std::optional<double> crossing;
  for (std::size_t i = 0; i < failed->judgement.results.size(); ++i) {
    const auto& f = failed->judgement.results[i];
    const auto& p = passed->judgement.results[i];
    const auto& o = f.objective;
    if (o.metric != scenario::Objective::Metric::latency || !from_above(o)) continue;
    if (f.status != ObjectiveResult::Status::fail || p.status != ObjectiveResult::Status::pass) continue;
    if (!(p.observed > 0 && p.observed < o.threshold && f.observed > o.threshold)) continue;
    const double at = crossing_on_line(*pass_, p.observed, *fail_, f.observed, o.threshold);
    crossing = std::min(crossing.value_or(at), at);
  }
  return crossing;
}

// The next step for an estimated crossing: just under it, so that it most
// likely passes, and never so close to either end that it could not
// narrow the interval: at the ends, one step closes it to the resolution.
double CapacitySearch::probe_near(double guess) const {
  const double r = settings_.resolution;
  const double lowest = *pass_ * (1 + r);
  const double highest = *fail_ / (1 + r);
  if (lowest > highest) return (*pass_ + *fail_) / 2;
  return std::clamp(guess / (1 + r / 2), lowest, highest);
}

void CapacitySearch::finish(Verdict::Kind kind) {
  verdict_.kind = kind;
  verdict_.saturation = pass_.value_or(0);
  verdict_.lowest_failing = fail_.value_or(0);
  std::vector<CurvePoint> curve;
  for (const auto& h : history_)
    if ((h.outcome == Outcome::pass || h.outcome == Outcome::fail) && h.journey_p95_ms > 0)
      curve.push_back({h.plan.rate, h.journey_p95_ms});
  verdict_.knee = find_knee(curve);
  note_moved();
  after_verdict();
}

// Two decided steps that disagree: a rate failed although it, or a higher
// one, passed at another moment of the search.
void CapacitySearch::note_moved() {
  std::optional<Verdict::Moved> moved;
  for (const auto& f : history_) {
    if (f.outcome != Outcome::fail || !f.decided || f.aborted) continue;
    for (const auto& p : history_) {
      if (p.outcome != Outcome::pass || !p.decided || p.plan.rate < f.plan.rate) continue;
      if (!moved) moved = Verdict::Moved{f.plan.rate, p.plan.rate};
      moved->low = std::min(moved->low, f.plan.rate);
      moved->high = std::max(moved->high, p.plan.rate);
    }
  }
  verdict_.moved = moved;
}

void CapacitySearch::after_verdict() {
  const bool has_both = verdict_.saturation > 0 && verdict_.lowest_failing > 0;
  const bool worth_it = verdict_.kind == Verdict::Kind::saturated || verdict_.kind == Verdict::Kind::inconclusive;
  // A fixed staircase has no recovery check: its rate hangs on the verdict,
  // which only the merge of every machine's share knows.
  if (settings_.recovery && has_both && worth_it && !settings_.fixed_staircase) {
    // Overload first, as the staircase's failure did (a load the target
    // has already been given), then drop: the question is whether the
    // target comes back by itself. The lowest failing rate is too close to
    // the saturation point, once the bisection has narrowed it, to fill
    // the target's queues within a step.
    phase_ = Phase::overload;
    rate_ = std::max(verdict_.lowest_failing, first_failure_.value_or(0));
    return;
  }
  done_ = true;
}

void CapacitySearch::judge_recovery(const StepMeasurement& m) {
  std::vector<Measurement> whole;
  if (m.windows.empty()) whole.push_back(m.measurement);  // no windows: judged as one
  const auto& windows = m.windows.empty() ? whole : m.windows;
  // The first window from which every window passes: the target is back.
  std::optional<std::size_t> from;
  for (std::size_t i = windows.size(); i-- > 0;) {
    if (!evaluate(objectives_, windows[i], settings_.confidence).pass()) break;
    from = i;
  }
  verdict_.recovery.checked = true;
  verdict_.recovery.recovered = from.has_value();
  if (from) verdict_.recovery.time_to_recover = settings_.recovery_window * static_cast<long>(*from);
}

std::vector<UslPoint> throughput_points(const std::vector<StepRecord>& history) {
  std::vector<UslPoint> out;
  for (const auto& r : history)
    if (r.outcome == Outcome::pass || r.outcome == Outcome::fail) out.push_back({r.offered_rate, r.achieved_rate});
  return out;
}

}  // namespace rollcall::analysis
