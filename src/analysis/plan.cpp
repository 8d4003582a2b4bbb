#include "analysis/plan.hpp"

#include <cmath>

#include <fmt/format.h>

namespace rollcall::analysis {

namespace {

std::string hhmm(double minute) {
  const auto m = static_cast<int>(std::lround(minute));
  return fmt::format("{}:{:02}", m / 60, m % 60);
}

std::string who(const scenario::PopulationSpec& population) {
  std::string s;
  for (std::size_t i = 0; i < population.groups.size(); ++i) {
    const auto& g = population.groups[i];
    if (i > 0) s += i + 1 == population.groups.size() ? " and " : ", ";
    s += fmt::format("{:g}% of {} {}", g.share * 100, thousands(static_cast<double>(g.count)), g.role);
  }
  return s;
}

}  // namespace

std::string thousands(double value) {
  std::string digits = fmt::format("{:.0f}", std::round(value));
  std::string out;
  const std::size_t first = digits[0] == '-' ? 1 : 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > first && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

CapacityPlan plan_capacity(const scenario::PopulationSpec& population, const std::optional<scenario::Profile>& profile,
                           double saturation, bool at_least) {
  CapacityPlan plan;
  plan.saturation = saturation;
  for (const auto& g : population.groups) plan.logins += static_cast<double>(g.count) * g.share;

  std::string when;
  if (profile && profile->points.size() >= 2) {
    // The profile's intensity, integrated by trapezoids (it is linear between points).
    double area = 0, top = 0;
    for (std::size_t i = 1; i < profile->points.size(); ++i) {
      const auto& a = profile->points[i - 1];
      const auto& b = profile->points[i];
      area += (a.share + b.share) / 2 * (b.minute - a.minute);
    }
    for (const auto& p : profile->points)
      if (p.share > top) {
        top = p.share;
        plan.peak_minute = p.minute;
      }
    if (area > 0) {
      plan.known = true;
      plan.from_profile = true;
      plan.window_minutes = profile->points.back().minute - profile->points.front().minute;
      plan.peak_share = top / area;
      plan.needed = plan.logins * plan.peak_share / 60;
      when = fmt::format("at the {} peak ({:.2g}% of the {}-{} logins in that minute)", hhmm(plan.peak_minute),
                         plan.peak_share * 100, hhmm(profile->points.front().minute), hhmm(profile->points.back().minute));
    }
  } else if (population.window && population.window->count() > 0) {
    plan.known = true;
    const double seconds = static_cast<double>(population.window->count()) / 1e9;
    plan.window_minutes = seconds / 60;
    plan.needed = plan.logins / seconds * population.peak_factor;
    when = population.peak_factor != 1
               ? fmt::format("at the peak ({:g} times the mean of a {:g}-minute window)", population.peak_factor, plan.window_minutes)
               : fmt::format("on average over a {:g}-minute window", plan.window_minutes);
  }
  if (!plan.known) {
    plan.sentence = fmt::format("{} logins to plan for, but no profile or window to spread them over: give load.profile "
                                "or population.window",
                                thousands(plan.logins));
    return plan;
  }
  plan.margin = plan.needed > 0 ? saturation / plan.needed - 1 : 0;
  if (at_least) {
    plan.sentence = fmt::format(
        "{} logins ({}) need {:.4g} journeys/s {}; the target held {:.4g}/s, the most this test could offer: {}.",
        thousands(plan.logins), who(population), plan.needed, when, saturation,
        plan.margin >= 0 ? fmt::format("at least a margin of {:.0f}%", plan.margin * 100)
                         : fmt::format("whether it holds {:.4g}/s is not shown: test with more generators", plan.needed));
    return plan;
  }
  const std::string verdict =
      plan.margin >= 0
          ? fmt::format("a margin of {:.0f}% ({:.4g}/s to spare)", plan.margin * 100, saturation - plan.needed)
          : fmt::format("a shortfall of {:.0f}% ({:.4g}/s missing): plan for {:.2g} times the capacity", -plan.margin * 100,
                        plan.needed - saturation, plan.needed / saturation);
  plan.sentence = fmt::format("{} logins ({}) need {:.4g} journeys/s {}; the target saturates at {:.4g}/s: {}.",
                              thousands(plan.logins), who(population), plan.needed, when, saturation, verdict);
  return plan;
}

}  // namespace rollcall::analysis
