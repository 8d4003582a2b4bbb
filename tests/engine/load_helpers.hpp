#pragma once
// Building load specs and reading whole schedules, for the load model tests.
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/load_model.hpp"
#include "engine/persona_arrivals.hpp"
#include "engine/user_roster.hpp"

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

// A run's arrivals as the engine draws them (each persona's stream,
// PersonaStreams::arrivals for each lane's slice of each machine's
// segment), keyed by (persona, k).
using Schedule = std::map<std::pair<std::size_t, std::uint64_t>, double>;

struct Split {
  Schedule all;           // the slices' arrivals put together
  std::size_t count = 0;  // summed over the slices: all.size() when they are disjoint
};

// `segments` machines (--segment i/n, Slice::part(i - 1, n) as the command
// line makes it) of `lanes` lanes each (Slice::part_of, as the lanes do).
inline Split split_run(const PersonaStreams& streams, unsigned segments, unsigned lanes, std::uint64_t seed) {
  Split out;
  for (unsigned m = 0; m < segments; ++m)
    for (unsigned l = 0; l < lanes; ++l)
      for (std::size_t p = 0; p < streams.curves.size(); ++p) {
        auto gen = streams.arrivals(p, Slice::part(m, segments).part_of(l, lanes), seed);
        while (auto a = gen.next()) {
          out.all.emplace(std::make_pair(p, a->k), a->at);
          ++out.count;
        }
      }
  return out;
}

// The personas of the partition tests: a share of 3, a share of 1 arriving
// 1.5 s late.
inline PersonaStreams two_personas(const LoadModel& model, double time_scale = 1) {
  scenario::ArrivalSpec later;
  later.delay = secs(1.5 * time_scale);
  return persona_streams(model, {3, 1}, {std::nullopt, later}, time_scale);
}

// Every machine count and lane count below, uniform and Poisson arrivals
// (the spec's `arrivals` is overridden), with and without a max rate:
// the union of the segments is the single machine's schedule, arrival by
// arrival (same k, same time), and no arrival is drawn twice. Returns the
// single machine's number of arrivals (for the caller to check it is not
// trivially small); each mismatch fails the test, saying where.
inline std::size_t check_partitions(scenario::LoadSpec spec, double max_rate) {
  std::size_t whole_count = 0;
  for (const auto process : {scenario::LoadSpec::Arrivals::uniform, scenario::LoadSpec::Arrivals::poisson})
    for (const bool capped : {false, true}) {
      spec.arrivals = process;
      spec.max_rate = capped ? std::optional<double>(max_rate) : std::nullopt;
      const auto model = make_load_model(spec);
      const auto streams = two_personas(*model, spec.time_scale);
      for (const std::uint64_t seed : {1u, 42u}) {
        const Split whole = split_run(streams, 1, 1, seed);
        whole_count = std::max(whole_count, whole.all.size());
        for (const unsigned segments : {1u, 2u, 3u, 7u})
          for (const unsigned lanes : {1u, 2u, 3u}) {
            const Split split = split_run(streams, segments, lanes, seed);
            if (split.all != whole.all || split.count != whole.all.size())
              FAIL_CHECK((process == scenario::LoadSpec::Arrivals::poisson ? "poisson" : "uniform")
                         << (capped ? ", capped" : "") << ", seed " << seed << ": " << segments << " segments of " << lanes
                         << " lanes draw " << split.count << " arrivals, " << split.all.size()
                         << " distinct, against the single machine's " << whole.all.size()
                         << (split.all == whole.all ? " (the same ones)" : " (not the same ones)"));
          }
      }
    }
  return whole_count;
}

// Closed models: the users a slice starts, with their persona and start.
using Roster = std::map<unsigned, std::pair<std::size_t, double>>;

struct RosterSplit {
  Roster all;
  std::size_t count = 0;  // summed over the slices
};

inline RosterSplit roster_split(const LoadModel& model, unsigned segments, unsigned lanes) {
  RosterSplit out;
  for (unsigned m = 0; m < segments; ++m)
    for (unsigned l = 0; l < lanes; ++l) {
      UserRoster roster(model, {3, 1}, Slice::part(m, segments).part_of(l, lanes));
      while (auto u = roster.next()) {
        out.all.emplace(u->v, std::make_pair(u->persona, u->at));
        ++out.count;
      }
    }
  return out;
}

}  // namespace rollcall::engine::testing
