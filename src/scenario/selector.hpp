#pragma once
// The simple CSS selectors extraction and forms accept: one compound
// selector, no combinators: a tag or "*", then any of #id, .class, [attr],
// [attr=value] (value bare or quoted): "input[name=execution]", "#fm1",
// "meta[name='csrf-token']".
// TODO: use http::valid_selector once src/http/html.hpp provides it, so
// that the loader and the extractor agree by construction.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rollcall::scenario {

struct SelectorError {
  std::size_t offset;
  std::string message;
};

std::optional<SelectorError> check_selector(std::string_view selector);

}  // namespace rollcall::scenario
