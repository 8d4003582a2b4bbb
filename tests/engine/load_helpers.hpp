#pragma once
// Building load specs and reading whole schedules, for the load model tests.
#include <map>
#include <vector>

#include "engine/load_model.hpp"

namespace rollcall::engine::testing {

inline scenario::Duration secs(double s) { return scenario::Duration(static_cast<std::int64_t>(s * 1e9)); }

// Every arrival of one slice, in order, drawn from the model's curve as the
// engine draws a persona's from its part of it.
inline std::vector<Arrival> all_arrivals(const LoadModel& model, Slice slice = {}, std::uint64_t seed = 1) {
  std::vector<Arrival> out;
  ArrivalGenerator gen(model.curve(), model.process(), slice, seed, model.max_rate());
  while (auto a = gen.next()) out.push_back(*a);
  return out;
}

// Arrivals per whole second of the run.
inline std::vector<int> per_second(const std::vector<Arrival>& arrivals, double duration) {
  std::vector<int> counts(static_cast<std::size_t>(duration + 0.999), 0);
  for (const auto& a : arrivals) ++counts.at(static_cast<std::size_t>(a.at));
  return counts;
}

// The slices' arrivals put together, by k: must be the whole schedule.
inline std::map<std::uint64_t, double> union_of(const LoadModel& model, const std::vector<Slice>& slices, std::uint64_t seed) {
  std::map<std::uint64_t, double> all;
  for (const auto& s : slices)
    for (const auto& a : all_arrivals(model, s, seed)) all.emplace(a.k, a.at);
  return all;
}

inline std::map<std::uint64_t, double> by_k(const std::vector<Arrival>& arrivals) {
  std::map<std::uint64_t, double> all;
  for (const auto& a : arrivals) all.emplace(a.k, a.at);
  return all;
}

}  // namespace rollcall::engine::testing
