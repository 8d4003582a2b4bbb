#pragma once
// HdrHistogram's wire format as the tests write it, independently of
// src/metrics/hlog.cpp so that the two check each other: base64, and a
// compressed-V2 log field (cookie, length, zlib) around given bytes, which
// lets a test or a fuzzer reach the decoder's header and count parsers
// past zlib's checksum.
#include <cstdint>
#include <string>
#include <vector>

#include <zlib.h>

namespace rollcall::test {

inline std::string to_base64(const std::vector<std::uint8_t>& in) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (auto b : in) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) out.push_back(alphabet[(acc >> (bits -= 6)) & 0x3f]);
  }
  if (bits > 0) out.push_back(alphabet[(acc << (6 - bits)) & 0x3f]);
  while (out.size() % 4 != 0) out.push_back('=');
  return out;
}

// The compressed-V2 field of a log line around `size` bytes at `v2`; empty
// when zlib fails.
inline std::string compressed_v2_field(const std::uint8_t* v2, std::size_t size, std::uint32_t cookie = 0x1c849314,
                                       int level = Z_BEST_SPEED) {
  std::vector<std::uint8_t> z(compressBound(static_cast<uLong>(size)) + 8);
  uLongf length = z.size() - 8;
  if (compress2(z.data() + 8, &length, v2, static_cast<uLong>(size), level) != Z_OK) return {};
  z.resize(length + 8);
  for (int i = 0; i < 4; ++i) {
    z[i] = static_cast<std::uint8_t>(cookie >> (24 - 8 * i));
    z[4 + i] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
  }
  return to_base64(z);
}

}  // namespace rollcall::test
