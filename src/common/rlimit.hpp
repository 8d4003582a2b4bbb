#pragma once
#include <cstdint>

namespace rollcall {

// Raises the soft RLIMIT_NOFILE to the hard limit and returns the new soft
// limit: a load generator wants every descriptor the system lets it have.
std::uint64_t raise_descriptor_limit();

}  // namespace rollcall
