#pragma once
// A persona's feeder: a CSV file of accounts, one row per virtual user
// journey, its columns becoming variables.
#include <optional>
#include <string_view>

#include "scenario/load_context.hpp"

namespace rollcall::scenario {

// Reads `feeder: {file, mode, secret}` and the file. Problems in the file are
// told at its own lines ("accounts.csv:4:12: ..."), sorted where the
// scenario names it.
// With --feeder PERSONA=FILE for `persona`, FILE (from the working
// directory) is read instead of the one the scenario names.
std::optional<Feeder> load_feeder(LoadContext& context, const Field& f, const std::string& persona);

// Columns named like credentials are never printed: the names of
// common/secret_names.hpp, the same list the redactor of every output uses.
bool is_secret_column(std::string_view name);

}  // namespace rollcall::scenario
