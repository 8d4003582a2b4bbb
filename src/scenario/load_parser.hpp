#pragma once
// Reading `load:`, `slo:`, `population:` and a persona's `arrival:` from a
// scenario, with every problem told at its file:line:column through the
// loader's Reader (a profile CSV's at its own line and column). Each
// function returns nullopt after reporting, never without. The loader
// calls them, into fields it adds to Scenario and Persona:
//
//   if (const Field* f = fields->find("load")) scenario.load = parse_load(reader, *f, dir);
//   if (const Field* f = fields->find("slo")) scenario.slo = parse_slo(reader, *f, names);  // names: after the flows
//   if (const Field* f = fields->find("population")) scenario.population = parse_population(reader, *f);
//   if (const Field* a = persona_fields->find("arrival")) persona.arrival = parse_arrival(reader, *a, dir);
//
// The syntax is in docs/scenario-reference.md; the command-line forms
// (--slo, --time-scale, --max-rate) are in scenario/load_text.hpp, and
// apply_overrides() puts them over the file's.
#include <filesystem>
#include <optional>
#include <vector>

#include "scenario/load_spec.hpp"
#include "scenario/yaml_reader.hpp"

namespace rollcall::scenario {

std::optional<LoadSpec> parse_load(Reader& reader, const Field& f, const std::filesystem::path& base_dir);

// A list of objectives ("- login.p95 < 800ms"), or one. With `names`,
// objectives on steps or personas the scenario does not have are refused.
std::optional<std::vector<Objective>> parse_slo(Reader& reader, const Field& f, const ObjectiveNames& names = {});

std::optional<PopulationSpec> parse_population(Reader& reader, const Field& f);

std::optional<ArrivalSpec> parse_arrival(Reader& reader, const Field& f, const std::filesystem::path& base_dir);

// A profile: {file: rush.csv}, a list of [time, share] pairs or {at, share}
// maps, or a map of time to share.
std::optional<Profile> parse_profile(Reader& reader, const Field& f, const std::filesystem::path& base_dir);

// Command-line settings that win over the file's: --max-rate caps every
// model (and wins even when the file's is lower: the command line is the
// last word), --time-scale replaces the profile's.
struct LoadOverrides {
  std::optional<double> max_rate;
  std::optional<double> time_scale;
};
void apply_overrides(LoadSpec& spec, const LoadOverrides& overrides);

}  // namespace rollcall::scenario
