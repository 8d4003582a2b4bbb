#pragma once
// The capacity plan: from who could log in (`population:`) and when (the
// time-of-day `profile:`), the arrival rate the busiest moment needs, set
// against the saturation point the search found, in one sentence:
//
//   logins   L = sum over roles of count x share          (share: who logs in in the window)
//   density  d = I_max / integral of I over the profile   (per minute; I the profile's intensity)
//   needed   R = L x d / 60                               (journeys/s at the peak minute)
//   without a profile: R = L / window x peak_factor
//   margin   = saturation / R - 1   (negative: a shortfall)
#include <optional>
#include <string>

#include "scenario/load_spec.hpp"

namespace rollcall::analysis {

struct CapacityPlan {
  double logins = 0;           // L
  double needed = 0;           // R, journeys/s
  double peak_minute = 0;      // minute of the day of the profile's peak (profile only)
  double window_minutes = 0;   // the profile's span, or the population's window
  double peak_share = 0;       // share of the window's logins in the peak minute (profile only)
  double saturation = 0;
  double margin = 0;           // saturation / needed - 1
  bool from_profile = false;
  bool known = false;          // false: no window to spread the logins over
  std::string sentence;
};

// `at_least`: the saturation is a lower bound (the search was
// generator-limited, or max_rate passed): the sentence says so, and a
// shortfall is only "not shown".
CapacityPlan plan_capacity(const scenario::PopulationSpec& population, const std::optional<scenario::Profile>& profile,
                           double saturation, bool at_least = false);

// "1,200,000": counts as people read them in a plan.
std::string thousands(double value);

}  // namespace rollcall::analysis
