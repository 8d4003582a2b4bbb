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
std::optional<Feeder> load_feeder(LoadContext& context, const Field& f);

// Columns named like credentials are never printed: password, passwd, pwd,
// secret, token, ticket, in any case, anywhere in the name.
bool is_secret_column(std::string_view name);

}  // namespace rollcall::scenario
