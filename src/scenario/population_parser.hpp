#pragma once
// Reading `population:` from a scenario, each problem at its
// file:line:column: who could log in, for the capacity plan. Roles map to
// counts ("student: 1_200_000") or to {count, share}; `window` and
// `peak_factor` spread them when there is no profile.
#include <optional>

#include "scenario/load_spec.hpp"
#include "scenario/yaml_reader.hpp"

namespace rollcall::scenario {

// nullopt after reporting, never without.
std::optional<PopulationSpec> parse_population(Reader& reader, const Field& f);

}  // namespace rollcall::scenario
