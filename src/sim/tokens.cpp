#include "sim/tokens.hpp"

namespace rollcall::sim {

std::string TokenSource::next(std::string_view prefix, int hex_digits) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(prefix);
  out.reserve(prefix.size() + static_cast<std::size_t>(hex_digits));
  for (int block = 0; block < hex_digits; block += 16) {
    std::uint64_t bits = rng_();
    for (int i = 0; i < 16; ++i, bits >>= 4) out.push_back(hex[bits & 0xf]);
  }
  return out;
}

}  // namespace rollcall::sim
