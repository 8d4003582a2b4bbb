#pragma once
// A decompression bomb for the tests of the body limit: `mebibytes` MiB of
// zeros compressed as gzip at the highest level, about 1 KiB per MiB.
#include <string>

#include <zlib.h>

namespace rollcall::test {

inline std::string gzip_bomb(unsigned mebibytes) {
  z_stream s{};
  if (deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  const std::string zeros(1 << 20, '\0');
  std::string bomb(1 << 20, '\0');
  s.next_out = reinterpret_cast<Bytef*>(bomb.data());
  s.avail_out = static_cast<uInt>(bomb.size());
  for (unsigned i = 0; i < mebibytes; ++i) {
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    s.avail_in = static_cast<uInt>(zeros.size());
    if (deflate(&s, i + 1 == mebibytes ? Z_FINISH : Z_NO_FLUSH) == Z_STREAM_ERROR) break;
  }
  bomb.resize(s.total_out);
  deflateEnd(&s);
  return bomb;
}

}  // namespace rollcall::test
