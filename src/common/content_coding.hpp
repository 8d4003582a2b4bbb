#pragma once
// HTTP content codings (RFC 9110 §8.4.1): gzip, deflate and br, decoded as
// browsers decode them and encoded for the simulator and the tests. zlib
// and Debian's libbrotli do the work; what is here bounds it: a decoder
// writes at most a given number of bytes, in pieces, so a small answer
// that inflates to gigabytes costs the limit and no more, in memory and
// in time.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rollcall::coding {

enum class Coding : std::uint8_t { identity, gzip, deflate, br };

// "gzip" (and its old name "x-gzip"), "deflate", "br", "identity",
// case-insensitively; nullopt for any other token.
std::optional<Coding> coding_named(std::string_view token);
std::string_view coding_name(Coding coding);

// How a decoding ended.
enum class DecodeEnd : std::uint8_t {
  complete,    // the stream ended and all of its output was written
  limited,     // the output reached the limit: the rest was not decoded
  unfinished,  // the input ended before the stream did
  corrupt,     // not a stream of that coding, or a damaged one
};

// Decodes whole streams one after the other. It keeps zlib's state from
// one stream to the next, so a lane that decodes many answers allocates
// it once. Not thread-safe: one per thread.
class Decoder {
 public:
  Decoder();
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Replaces `out` with the decoding of `in`, one whole stream of
  // `coding`, writing at most `limit` bytes. The output grows by at most
  // 64 KiB at a time. `deflate` is zlib-wrapped (RFC 1950) or, when its
  // first two bytes are no zlib header, raw (RFC 1951), as some servers
  // send it and browsers accept it. gzip members that follow each other
  // are decoded one after the other; bytes after the last are ignored.
  DecodeEnd decode(Coding coding, std::string_view in, std::string& out, std::size_t limit);

 private:
  struct Zlib;
  std::unique_ptr<Zlib> zlib_;
};

// One whole stream of `coding` (identity: `in` as is). `level` is zlib's
// (1-9) for gzip and deflate, brotli's quality (0-11) for br; -1 is each
// one's default for answers compressed on the fly (zlib 6, brotli 5).
std::string encode(Coding coding, std::string_view in, int level = -1);
// Raw deflate without the zlib wrapper: what some servers send as `deflate`.
std::string encode_raw_deflate(std::string_view in, int level = -1);

}  // namespace rollcall::coding
