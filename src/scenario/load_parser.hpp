#pragma once
// Reading `load:` from a scenario, with every problem told at its
// file:line:column through the loader's Reader: the model (written, or
// given away by its keys), its own settings (one reader per model, into its
// struct of scenario/load_spec.hpp), the common ones, then the checks that
// need the model's curve (scenario/load_shape.hpp): a duration shorter than
// the shape, a max_rate below its highest rate. The loader calls:
//
//   if (const Field* f = fields->find("load")) scenario.load = parse_load(reader, *f, dir);
//
// The rest of a scenario's load settings have their own readers:
// scenario/profile_parser.hpp (a profile, a persona's arrival:),
// scenario/objectives_parser.hpp (slo:), scenario/population_parser.hpp
// (population:). The syntax is in docs/scenario-reference.md; the
// command-line forms (--slo, --time-scale, --max-rate) are in
// scenario/load_text.hpp, and apply_overrides() puts them over the file's.
#include <filesystem>
#include <optional>

#include "scenario/load_spec.hpp"
#include "scenario/yaml_reader.hpp"

namespace rollcall::scenario {

// nullopt after reporting, never without.
std::optional<LoadSpec> parse_load(Reader& reader, const Field& f, const std::filesystem::path& base_dir);

// Command-line settings that win over the file's: --max-rate caps every
// model (and wins even when the file's is lower: the command line is the
// last word), --time-scale replaces the profile's.
struct LoadOverrides {
  std::optional<double> max_rate;
  std::optional<double> time_scale;
};
void apply_overrides(LoadSpec& spec, const LoadOverrides& overrides);

}  // namespace rollcall::scenario
