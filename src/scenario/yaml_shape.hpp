#pragma once
// What a scenario's YAML may not be, however valid: yaml-cpp gives the node
// of an anchor to each of its aliases, so the document it builds stays as
// small as the file, but every walk of the loader (and the JSON body it
// writes) goes through an alias as through the anchored value itself. Nine
// levels of nine aliases are 387 million values; an alias inside its own
// anchor is a walk without end; lists in lists, written or through aliases,
// are a walk as deep as the file wants. Checked on the parser's events,
// before the nodes are built, so that every later walk is bounded.
#include <cstdint>
#include <optional>

#include "scenario/problem.hpp"
#include "scenario/source_text.hpp"

namespace rollcall::scenario {

// Far beyond what a scenario writes, far below what hurts.
constexpr int yaml_deepest = 100;                             // lists and maps inside each other
constexpr std::uint64_t yaml_most_repeated_values = 100'000;  // by all the aliases of the file
constexpr std::uint64_t yaml_most_repeated_bytes = 10'000'000;

// The first such problem, at the alias or the list that makes it; nothing
// when the shape is fine or the text is not YAML (yaml-cpp tells that).
std::optional<Problem> yaml_shape_problem(const SourceText& source);

}  // namespace rollcall::scenario
