// The content-coding decoder (src/common/content_coding.cpp), fed what a
// server may send as a coded body: whatever it holds, the decoder stops,
// writes no more than its limit, and says the same of the same stream
// twice (its zlib state is reused from one stream to the next). What it
// encodes itself, it decodes back exactly.
//
// Input: one byte of options (the coding, the output limit), then the
// body.
#include <string>

#include "common/content_coding.hpp"
#include "fuzz_check.hpp"

using namespace rollcall;

int fuzz_content_coding(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  static constexpr coding::Coding codings[] = {coding::Coding::gzip, coding::Coding::deflate, coding::Coding::br,
                                               coding::Coding::identity};
  const coding::Coding c = codings[options & 3];
  const std::size_t limit = std::size_t{1} << ((options >> 2) & 15);  // 1 B .. 32 KiB
  const std::string_view body = fuzz::as_text(data + 1, size - 1);

  coding::Decoder decoder;
  std::string first, second;
  const auto end = decoder.decode(c, body, first, limit);
  fuzz::check(first.size() <= limit, "the decoder wrote past its limit");
  if (end == coding::DecodeEnd::limited) fuzz::check(first.size() == limit, "a limited decoding stopped short of the limit");
  const auto again = decoder.decode(c, body, second, limit);
  fuzz::check(again == end && second == first, "the same stream decoded twice differs");

  const std::string encoded = coding::encode(c, body);
  std::string back;
  fuzz::check(decoder.decode(c, encoded, back, body.size()) == coding::DecodeEnd::complete && back == body,
              "a stream the encoder made does not decode back");
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_content_coding(data, size); }
#endif
