#pragma once
// Sizes as people write them for generated uploads: "512B", "300KB",
// "2MiB", "1.5MB". KB, MB and GB are powers of 1000; KiB, MiB and GiB of
// 1024, as in the units' definitions. A bare number is bytes.
#include <cstdint>
#include <optional>
#include <string_view>

namespace rollcall::scenario {

std::optional<std::uint64_t> parse_size(std::string_view text);

}  // namespace rollcall::scenario
