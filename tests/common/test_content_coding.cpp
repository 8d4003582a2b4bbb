#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <brotli/encode.h>
#include <zlib.h>

#include "common/content_coding.hpp"

using namespace rollcall::coding;

namespace {

// Text that compresses as a page does, larger than the decoder's pieces.
std::string page_text(std::size_t size) {
  std::string out;
  for (unsigned i = 0; out.size() < size; ++i)
    out += "<li class=\"message\">Cahier de textes, devoir " + std::to_string(i * 7919 % 1000) + "</li>\n";
  out.resize(size);
  return out;
}

// `megabytes` MiB of zeros as one gzip stream, compressed a piece at a
// time so that the test never holds them.
std::string gzip_of_zeros(std::size_t megabytes) {
  z_stream s{};
  REQUIRE(deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  const std::string zeros(1 << 20, '\0');
  std::string out;
  char buffer[64 * 1024];
  for (std::size_t i = 0; i <= megabytes; ++i) {
    const bool last = i == megabytes;
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    s.avail_in = last ? 0 : static_cast<uInt>(zeros.size());
    int rc = Z_OK;
    do {
      s.next_out = reinterpret_cast<Bytef*>(buffer);
      s.avail_out = sizeof buffer;
      rc = deflate(&s, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(buffer, sizeof buffer - s.avail_out);
    } while (s.avail_out == 0 || (last && rc != Z_STREAM_END));
  }
  deflateEnd(&s);
  return out;
}

std::string brotli_of_zeros(std::size_t megabytes) {
  BrotliEncoderState* s = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
  BrotliEncoderSetParameter(s, BROTLI_PARAM_QUALITY, 1);
  const std::string zeros(1 << 20, '\0');
  std::string out;
  std::uint8_t buffer[64 * 1024];
  for (std::size_t i = 0; i <= megabytes; ++i) {
    const bool last = i == megabytes;
    std::size_t avail_in = last ? 0 : zeros.size();
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(zeros.data());
    do {
      std::size_t avail_out = sizeof buffer;
      std::uint8_t* next_out = buffer;
      REQUIRE(BrotliEncoderCompressStream(s, last ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_PROCESS, &avail_in,
                                          &next_in, &avail_out, &next_out, nullptr));
      out.append(reinterpret_cast<const char*>(buffer), sizeof buffer - avail_out);
    } while (avail_in > 0 || BrotliEncoderHasMoreOutput(s) || (last && !BrotliEncoderIsFinished(s)));
  }
  BrotliEncoderDestroyInstance(s);
  return out;
}

constexpr std::size_t no_limit = std::size_t(-1);

}  // namespace

TEST_CASE("content codings are named as Content-Encoding names them", "[content_coding]") {
  CHECK(coding_named("gzip") == Coding::gzip);
  CHECK(coding_named("X-GZIP") == Coding::gzip);
  CHECK(coding_named("Deflate") == Coding::deflate);
  CHECK(coding_named("br") == Coding::br);
  CHECK(coding_named("identity") == Coding::identity);
  CHECK_FALSE(coding_named("zstd"));
  CHECK_FALSE(coding_named("compress"));
  CHECK_FALSE(coding_named(""));
  CHECK(coding_name(Coding::br) == "br");
}

TEST_CASE("every coding decodes what it encoded", "[content_coding]") {
  const std::string text = page_text(300 * 1024);  // several of the decoder's pieces
  Decoder decoder;
  std::string out;
  for (const Coding c : {Coding::gzip, Coding::deflate, Coding::br, Coding::identity}) {
    INFO(coding_name(c));
    const std::string encoded = encode(c, text);
    if (c != Coding::identity) CHECK(encoded.size() < text.size() / 4);
    REQUIRE(decoder.decode(c, encoded, out, no_limit) == DecodeEnd::complete);
    CHECK(out == text);
  }
  SECTION("raw deflate, as some servers send deflate") {
    const std::string raw = encode_raw_deflate(text);
    REQUIRE(decoder.decode(Coding::deflate, raw, out, no_limit) == DecodeEnd::complete);
    CHECK(out == text);
  }
  SECTION("an empty text") {
    for (const Coding c : {Coding::gzip, Coding::deflate, Coding::br}) {
      REQUIRE(decoder.decode(c, encode(c, ""), out, no_limit) == DecodeEnd::complete);
      CHECK(out.empty());
    }
  }
}

TEST_CASE("gzip members that follow each other decode as one body", "[content_coding]") {
  Decoder decoder;
  std::string out;
  const std::string two = encode(Coding::gzip, "first half, ") + encode(Coding::gzip, "second half");
  REQUIRE(decoder.decode(Coding::gzip, two, out, no_limit) == DecodeEnd::complete);
  CHECK(out == "first half, second half");
  // Bytes after the last member that start no member are ignored, as browsers do.
  REQUIRE(decoder.decode(Coding::gzip, encode(Coding::gzip, "page") + "\r\n", out, no_limit) == DecodeEnd::complete);
  CHECK(out == "page");
}

TEST_CASE("a damaged stream is corrupt, a cut one unfinished", "[content_coding]") {
  const std::string text = page_text(20 * 1024);
  Decoder decoder;
  std::string out;
  for (const Coding c : {Coding::gzip, Coding::deflate, Coding::br}) {
    INFO(coding_name(c));
    const std::string encoded = encode(c, text);
    CHECK(decoder.decode(c, encoded.substr(0, encoded.size() / 2), out, no_limit) == DecodeEnd::unfinished);
    CHECK(out.size() < text.size());
    CHECK(text.compare(0, out.size(), out) == 0);  // what came is the start of the page
    CHECK(decoder.decode(c, "this is plain text, no compressed stream at all", out, no_limit) == DecodeEnd::corrupt);
    // The decoder is not left broken by a bad stream.
    REQUIRE(decoder.decode(c, encoded, out, no_limit) == DecodeEnd::complete);
    CHECK(out == text);
  }
  SECTION("a flipped byte in the middle of a gzip stream fails its checksum or its blocks") {
    std::string damaged = encode(Coding::gzip, text);
    damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x55);
    CHECK(decoder.decode(Coding::gzip, damaged, out, no_limit) == DecodeEnd::corrupt);
  }
  SECTION("a gzip stream without its trailer") {
    const std::string encoded = encode(Coding::gzip, text);
    CHECK(decoder.decode(Coding::gzip, encoded.substr(0, encoded.size() - 4), out, no_limit) == DecodeEnd::unfinished);
  }
}

TEST_CASE("the output stops at the limit", "[content_coding]") {
  const std::string text = page_text(10'000);
  Decoder decoder;
  std::string out;
  for (const Coding c : {Coding::gzip, Coding::deflate, Coding::br, Coding::identity}) {
    INFO(coding_name(c));
    const std::string encoded = encode(c, text);
    CHECK(decoder.decode(c, encoded, out, 4000) == DecodeEnd::limited);
    CHECK(out == text.substr(0, 4000));
    // A stream whose output is exactly the limit is whole.
    CHECK(decoder.decode(c, encoded, out, text.size()) == DecodeEnd::complete);
    CHECK(out == text);
    CHECK(decoder.decode(c, encoded, out, 0) == DecodeEnd::limited);
    CHECK(out.empty());
  }
}

TEST_CASE("a decompression bomb costs the limit, in memory and in time", "[content_coding]") {
  constexpr std::size_t limit = 4 * 1024 * 1024;
  Decoder decoder;
  std::string out;
  SECTION("100 MiB of zeros in gzip") {
    const std::string bomb = gzip_of_zeros(100);
    CHECK(bomb.size() < 200 * 1024);
    const auto start = std::chrono::steady_clock::now();
    CHECK(decoder.decode(Coding::gzip, bomb, out, limit) == DecodeEnd::limited);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(out.size() == limit);
    CHECK(out.find_first_not_of('\0') == std::string::npos);
    CHECK(out.capacity() <= 2 * limit + 64 * 1024);
    // Decoding 4 MiB takes milliseconds; 100 MiB would take ~25 times as long.
    CHECK(took < std::chrono::seconds(1));
  }
  SECTION("100 MiB of zeros in br") {
    const std::string bomb = brotli_of_zeros(100);
    CHECK(bomb.size() < 200 * 1024);
    const auto start = std::chrono::steady_clock::now();
    CHECK(decoder.decode(Coding::br, bomb, out, limit) == DecodeEnd::limited);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(out.size() == limit);
    CHECK(out.capacity() <= 2 * limit + 64 * 1024);
    CHECK(took < std::chrono::seconds(1));
  }
}
