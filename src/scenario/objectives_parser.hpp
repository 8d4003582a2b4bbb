#pragma once
// Reading `slo:` from a scenario, each problem at its file:line:column (an
// objective's own at the character): a list of objectives, or one, each
// its text ("login.p95 < 800ms", read by scenario/load_text.hpp, as
// --slo is) or a map that adds when it ends the run:
// {objective: "errors < 5%", abort_on_fail: true, delay: 30s}.
#include <optional>
#include <vector>

#include "scenario/load_spec.hpp"
#include "scenario/yaml_reader.hpp"

namespace rollcall::scenario {

// With `names`, objectives on steps or personas the scenario does not have
// are refused. nullopt after reporting, never without.
std::optional<std::vector<Objective>> parse_slo(Reader& reader, const Field& f, const ObjectiveNames& names = {});

}  // namespace rollcall::scenario
