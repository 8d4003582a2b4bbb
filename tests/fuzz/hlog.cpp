// The histogram decoder of results files (HdrHistogram interval logs). The
// first byte picks what the rest is: an interval log as text, read line by
// line; or the bytes of an uncompressed V2 histogram, which the harness
// compresses and encodes itself so that mutations reach the header and
// count parsers instead of tripping zlib's checksum. Either way: a histogram
// or a std::runtime_error, never a crash or another exception, and memory
// bounded by the input rather than by what its header claims (scripts/fuzz.sh
// runs it under -malloc_limit_mb). What decodes encodes back to the same
// counts.
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <zlib.h>

#include "fuzz_check.hpp"
#include "metrics/hlog.hpp"

using namespace rollcall;

namespace {

std::string base64(const std::vector<std::uint8_t>& in) {
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

// The compressed-V2 field of a log line around `v2`, cookie included.
std::string compressed_field(const std::uint8_t* v2, std::size_t size) {
  std::vector<std::uint8_t> z(compressBound(static_cast<uLong>(size)) + 8);
  uLongf length = z.size() - 8;
  if (compress2(z.data() + 8, &length, v2, static_cast<uLong>(size), Z_BEST_SPEED) != Z_OK) return {};
  z.resize(length + 8);
  const std::uint32_t cookie = 0x1c849314;
  for (int i = 0; i < 4; ++i) {
    z[i] = static_cast<std::uint8_t>(cookie >> (24 - 8 * i));
    z[4 + i] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
  }
  return base64(z);
}

void check_round_trip(const metrics::Histogram& h) {
  const metrics::Histogram back = metrics::decode_compressed_base64(metrics::encode_compressed_base64(h));
  fuzz::check(back.counts_length() == h.counts_length() && back.count() == h.count(),
              "a decoded histogram does not survive encoding");
  for (std::size_t i = 0; i < h.counts_length(); ++i)
    if (back.count_at_index(i) != h.count_at_index(i)) fuzz::invariant_broken("a count changed through encoding");
}

}  // namespace

int fuzz_hlog(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  try {
    if (data[0] & 1) {
      check_round_trip(metrics::decode_compressed_base64(compressed_field(data + 1, size - 1)));
    } else {
      std::istringstream in{std::string(fuzz::as_text(data + 1, size - 1))};
      metrics::IntervalLogReader reader(in);
      while (auto record = reader.next()) check_round_trip(record->histogram);
    }
  } catch (const std::runtime_error&) {
  }
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_hlog(data, size); }
#endif
