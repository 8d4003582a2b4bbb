#include "capacity/capacity_result.hpp"

#include <fmt/format.h>

#include "common/duration.hpp"

namespace rollcall::capacity {

namespace {

std::string rate(double r) { return fmt::format("{:.4g}/s", r); }

// The last judged step with this outcome at this rate: repeated runs at one
// rate (a confirmation) supersede the earlier ones.
const StepResult* last_at(const std::vector<StepResult>& steps, analysis::Outcome outcome, double at) {
  const StepResult* found = nullptr;
  for (const auto& s : steps)
    if (s.record.outcome == outcome && s.record.plan.rate == at) found = &s;
  return found;
}

}  // namespace

std::string_view usl_use_name(UslStatement::Use use) {
  switch (use) {
    case UslStatement::Use::finding: return "finding";
    case UslStatement::Use::contradicted: return "contradicted";
    case UslStatement::Use::unsupported: return "unsupported";
  }
  return "unsupported";
}

UslStatement usl_statement(const analysis::UslFit& fit, double measured_saturation) {
  if (!fit.supported) return {UslStatement::Use::unsupported, fit.describe()};
  if (fit.peak_throughput && measured_saturation > 0 && *fit.peak_throughput < measured_saturation)
    return {UslStatement::Use::contradicted,
            fmt::format("the USL fit (R² {:.2f}) predicts a peak of {}, below the measured saturation point ({}): not used",
                        fit.r2, rate(*fit.peak_throughput), rate(measured_saturation))};
  return {UslStatement::Use::finding, fit.describe()};
}

std::string knee_sentence(double at) {
  return fmt::format("Knee of the latency curve: {} (journey p95 starts to climb there).", rate(at));
}

std::string moved_sentence(double low, double high) {
  // One rate that passed and failed: no range to speak of.
  if (low >= high)
    return fmt::format("The same rate, {}, passed once and failed another time: the target is on its edge, or its capacity moved.",
                       rate(high));
  return fmt::format("The target's capacity moved during the search: {:.4g}-{}.", low, rate(high));
}

std::string limiting_sentence(std::string_view limiting, std::string_view reason, std::string_view detail) {
  return fmt::format("Limiting step: {} ({}){}{}.", limiting, reason, detail.empty() ? "" : ": ", detail);
}

const StepResult* CapacityResult::saturation_step() const {
  if (verdict.saturation <= 0) return nullptr;
  return last_at(steps, analysis::Outcome::pass, verdict.saturation);
}

const StepResult* CapacityResult::failing_step() const {
  if (verdict.lowest_failing <= 0) return nullptr;
  return last_at(steps, analysis::Outcome::fail, verdict.lowest_failing);
}

UslStatement CapacityResult::usl_statement() const { return capacity::usl_statement(usl, verdict.saturation); }

std::vector<std::string> CapacityResult::sentences() const {
  using Kind = analysis::Verdict::Kind;
  const auto& v = verdict;
  std::vector<std::string> out;
  if (interrupted) out.push_back("Interrupted: the search stopped before its end; what follows is what it had.");
  switch (v.kind) {
    case Kind::saturated:
    case Kind::inconclusive:
      out.push_back(fmt::format("Saturation point: {:.4g} journeys/s (about {:.0f} requests/s and {:.0f} users under way), "
                                "somewhere in [{}, {}]{}.",
                                v.saturation, requests_per_s, concurrent_users, rate(v.saturation),
                                rate(v.lowest_failing), v.confirmed ? ", confirmed by a second run" : ", not confirmed"));
      if (v.kind == Kind::inconclusive) out.push_back("The search ran out of steps before the interval was narrow enough.");
      break;
    case Kind::not_reached:
      out.push_back(fmt::format("No saturation up to the maximum rate: every objective held at {:.4g} journeys/s "
                                "(about {:.0f} requests/s); raise --max-rate to look further.",
                                v.saturation, requests_per_s));
      break;
    case Kind::below_start:
      out.push_back(fmt::format("Saturated below the lowest rate tried: {:.4g} journeys/s already fails; start lower (--start-rate).",
                                v.lowest_failing));
      break;
    case Kind::generator_limited:
      out.push_back(fmt::format("Generator-limited at {}: rollcall, not the target, was the bottleneck there, so no "
                                "saturation point is claimed{}. Give it more threads (-t) or machines.",
                                rate(v.generator_limit),
                                v.saturation > 0 ? fmt::format("; the target met its objectives up to {}", rate(v.saturation)) : ""));
      break;
    case Kind::pending: out.push_back("No verdict: the search did not finish."); break;
  }
  if (!v.limiting.empty() && v.kind != Kind::generator_limited)
    out.push_back(limiting_sentence(v.limiting, analysis::reason_name(v.reason), v.limiting_detail));
  if (v.moved) out.push_back(moved_sentence(v.moved->low, v.moved->high));
  if (v.knee) out.push_back(knee_sentence(*v.knee));
  if (v.recovery.checked) {
    const double at = v.saturation * settings.recovery_fraction;
    if (v.recovery.recovered)
      out.push_back(fmt::format("Recovery: after the overload, at {} ({:.0f}% of the saturation point) the objectives are "
                                "met again {}.",
                                rate(at), settings.recovery_fraction * 100,
                                v.recovery.time_to_recover.count() == 0 ? "from the first window"
                                                                        : "after " + format_duration(v.recovery.time_to_recover)));
    else
      out.push_back(fmt::format("Recovery: after the overload, the target did NOT come back at {} ({:.0f}% of the "
                                "saturation point) within {}: a metastable failure{}.",
                                rate(at), settings.recovery_fraction * 100, format_duration(settings.recovery_hold),
                                retrying_personas ? " — the users' retries keep it saturated at a load it normally carries (a retry storm)"
                                                  : ": a load it normally carries no longer gets through"));
  }
  out.push_back(usl_statement().text + ".");
  if (plan) out.push_back("Plan: " + plan->sentence);
  return out;
}

}  // namespace rollcall::capacity
