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

#include "fuzz_check.hpp"
#include "metrics/hlog.hpp"
#include "support/hlog_wire.hpp"

using namespace rollcall;

namespace {

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
      check_round_trip(metrics::decode_compressed_base64(test::compressed_v2_field(data + 1, size - 1)));
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
