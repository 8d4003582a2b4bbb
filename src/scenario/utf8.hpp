#pragma once
// UTF-8 checks for what rollcall reads (scenarios, feeders) and what it
// prints (messages quoting a file's bytes).
#include <cstddef>
#include <string>
#include <string_view>

namespace rollcall::scenario {

// Offset of the first byte that is not part of valid UTF-8; npos if none.
std::size_t invalid_utf8(std::string_view text);

// `text` with control characters and bytes that are not UTF-8 written as
// \xNN, so that a message never sends raw bytes to a terminal.
std::string printable(std::string_view text);

}  // namespace rollcall::scenario
