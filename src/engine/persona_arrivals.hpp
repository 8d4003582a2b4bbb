#pragma once
// Each persona's own stream of arrivals under an open load model. A persona
// gets weight / sum of weights of all arrivals. Without `arrival:` its
// stream follows the load's curve at that share; with `arrival: {delay}` it
// starts later, and with `arrival: {profile}` its share is spread along its
// own time-of-day curve (parents who log in after the pupils), played at
// the load's time scale over the same run.
//
// Each persona then runs its own ArrivalGenerator per lane, seeded with
// persona_seed(): streams stay exact and splittable (engine/arrivals.hpp).
// The engine may instead keep one stream for the personas without
// `arrival:` and pick among them with PersonaPicker: the same shares.
//
// max_rate holds for the sum: each persona's curve is capped at its part of
// it, in proportion to its own peak, so the sum never goes above the cap
// however the curves overlap (conservative when the peaks do not coincide).
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/load_model.hpp"

namespace rollcall::engine {

std::vector<RateCurve> persona_curves(const LoadModel& model, const std::vector<double>& weights,
                                      const std::vector<std::optional<scenario::ArrivalSpec>>& arrivals,
                                      double time_scale = 1);

// A different, fixed seed per persona from the run's seed.
inline std::uint64_t persona_seed(std::uint64_t run_seed, std::size_t persona) {
  return run_seed * 0x9E3779B97F4A7C15ULL + 0xD1B54A32D192ED03ULL * (persona + 1);
}

// Every persona's stream of an open run, exactly as run_scenario draws
// them: each lane of each segment asks for its slice of each stream, and
// arrivals_due() counts them the same way. Kept whole here, so that the
// tests split the engine's own schedule rather than a copy of it.
struct PersonaStreams {
  std::vector<RateCurve> curves;
  std::vector<double> max_rates;  // each persona's spacing cap: its part of max_rate (0: none)
  ArrivalProcess process = ArrivalProcess::uniform;

  // Persona p's arrivals in `slice` (a lane of a segment: the segment's
  // Slice::part_of(lane, lanes)). The streams must outlive the generator.
  ArrivalGenerator arrivals(std::size_t persona, Slice slice, std::uint64_t run_seed) const {
    return ArrivalGenerator(curves[persona], process, slice, persona_seed(run_seed, persona), max_rates[persona]);
  }
};

PersonaStreams persona_streams(const LoadModel& model, const std::vector<double>& weights,
                               const std::vector<std::optional<scenario::ArrivalSpec>>& arrivals, double time_scale = 1);

}  // namespace rollcall::engine
