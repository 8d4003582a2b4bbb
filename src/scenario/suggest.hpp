#pragma once
// "Did you mean ...?" for names people mistype: keys, functions, variables.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rollcall::scenario {

// The candidate closest to `word` by edit distance, if it is close enough to
// be a plausible typo (at most a third of the word's length, at least 1).
std::optional<std::string> closest(std::string_view word, const std::vector<std::string_view>& candidates);

// "a, b, c": for lists of allowed keys or names in messages.
std::string join_names(const std::vector<std::string_view>& names);

}  // namespace rollcall::scenario
