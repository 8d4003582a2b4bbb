#pragma once
// Reading a time-of-day profile (the load's `profile:` or a persona's own
// under `arrival:`) and a persona's `arrival:`, each problem at its
// file:line:column, a profile CSV's at its own line and column. Written
// inline or in a CSV, a profile's points are validated by one rule: times
// of day that grow, shares of 0 or more, at least two points, one above 0.
#include <filesystem>
#include <optional>

#include "scenario/load_spec.hpp"
#include "scenario/yaml_reader.hpp"

namespace rollcall::scenario {

// {file: rush.csv} (two columns, the minute and the share, read with
// scenario/csv.hpp as feeders are), a list of [time, share] pairs or
// {at, share} maps, or a map of time to share. nullopt after reporting.
std::optional<Profile> parse_profile(Reader& reader, const Field& f, const std::filesystem::path& base_dir);

// {delay: 20m} and/or {profile: ...}. nullopt after reporting.
std::optional<ArrivalSpec> parse_arrival(Reader& reader, const Field& f, const std::filesystem::path& base_dir);

}  // namespace rollcall::scenario
