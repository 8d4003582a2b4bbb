#pragma once
// A made-up but plausible run: steps whose latency climbs with the load,
// personas, generator health with a few invalid intervals, and optionally
// a capacity search whose rungs pass, then fail, with a saturation point.
#include <cstdint>
#include <string>

#include "report/results.hpp"

namespace rollcall::test {

// AddressSanitizer makes building and re-reading long synthetic runs ten
// times slower; the sanitized test build (the CI's) uses shorter ones where
// the length does not change what is checked.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool sanitized_build = true;
#else
inline constexpr bool sanitized_build = false;
#endif

struct SyntheticOptions {
  int seconds = 60;
  int samples_per_step = 20;      // per interval
  bool capacity = false;          // rungs of rung_s seconds each
  int rung_s = 360;
  double latency_scale = 1.0;     // multiplies every latency: a slower candidate
  std::uint32_t seed = 1;
};

report::Results synthetic_results(const SyntheticOptions& options);

// An objective record as older streams wrote it: no interval, no samples.
report::Objective objective_record(std::string name, std::string comparator, double measured, double bound,
                                   std::string unit, bool passed);

}  // namespace rollcall::test
