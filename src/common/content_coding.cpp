#include "common/content_coding.hpp"

#include <strings.h>

#include <algorithm>
#include <stdexcept>

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

namespace rollcall::coding {

namespace {

// Output is written, and input handed to zlib, in pieces of this size:
// no single step of a decoder runs long, and the output buffer grows
// only as far as the stream really goes.
constexpr std::size_t piece = 64 * 1024;

constexpr int gzip_window = 15 + 16;  // zlib's windowBits for a gzip wrapper
constexpr int zlib_window = 15;
constexpr int raw_window = -15;

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// RFC 1950's header: compression method 8 with a window of at most 32 KiB,
// and the two bytes a multiple of 31.
bool has_zlib_header(std::string_view in) {
  if (in.size() < 2) return false;
  const auto cmf = static_cast<unsigned char>(in[0]);
  const auto flg = static_cast<unsigned char>(in[1]);
  return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
}

bool starts_gzip_member(std::string_view in) {
  return in.size() >= 2 && static_cast<unsigned char>(in[0]) == 0x1f && static_cast<unsigned char>(in[1]) == 0x8b;
}

// Makes room for the next piece of output: up to one byte past the
// limit, so that a stream with more to give is told from one that ends
// exactly there.
char* grow(std::string& out, std::size_t limit, std::size_t& room) {
  const std::size_t left = limit - out.size();  // out never holds more than limit between pieces
  room = left < piece ? left + 1 : piece;
  const std::size_t at = out.size();
  out.resize(at + room);
  return out.data() + at;
}

}  // namespace

std::optional<Coding> coding_named(std::string_view token) {
  if (same(token, "gzip") || same(token, "x-gzip")) return Coding::gzip;
  if (same(token, "deflate")) return Coding::deflate;
  if (same(token, "br")) return Coding::br;
  if (same(token, "identity")) return Coding::identity;
  return std::nullopt;
}

std::string_view coding_name(Coding coding) {
  switch (coding) {
    case Coding::identity: return "identity";
    case Coding::gzip: return "gzip";
    case Coding::deflate: return "deflate";
    case Coding::br: return "br";
  }
  return "identity";
}

struct Decoder::Zlib {
  z_stream stream{};
  int window = 0;  // windowBits the stream was set up with; 0: not yet

  ~Zlib() {
    if (window != 0) inflateEnd(&stream);
  }

  bool start(int bits) {
    if (window == 0) {
      if (inflateInit2(&stream, bits) != Z_OK) return false;
    } else if (inflateReset2(&stream, bits) != Z_OK) {
      return false;
    }
    window = bits;
    // What the last stream left unread is not this one's.
    stream.next_in = nullptr;
    stream.avail_in = 0;
    return true;
  }

  DecodeEnd inflate_into(std::string_view in, std::string& out, std::size_t limit, bool gzip) {
    std::size_t fed = 0;  // bytes of `in` handed to zlib so far
    for (;;) {
      if (stream.avail_in == 0 && fed < in.size()) {
        const std::size_t n = std::min(piece, in.size() - fed);
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + fed));
        stream.avail_in = static_cast<uInt>(n);
        fed += n;
      }
      std::size_t room = 0;
      stream.next_out = reinterpret_cast<Bytef*>(grow(out, limit, room));
      stream.avail_out = static_cast<uInt>(room);
      const int rc = inflate(&stream, Z_NO_FLUSH);
      out.resize(out.size() - stream.avail_out);
      if (out.size() > limit) {
        out.resize(limit);
        return DecodeEnd::limited;
      }
      const bool input_left = stream.avail_in > 0 || fed < in.size();
      if (rc == Z_STREAM_END) {
        const std::string_view rest = in.substr(fed - stream.avail_in);
        if (!gzip || !starts_gzip_member(rest)) return DecodeEnd::complete;
        if (inflateReset(&stream) != Z_OK) return DecodeEnd::corrupt;
        continue;
      }
      if (rc == Z_OK || rc == Z_BUF_ERROR) {
        // zlib stops when it has no input or no room left; with room left
        // and no input, the stream wants bytes that never came.
        if (!input_left && stream.avail_out > 0) return DecodeEnd::unfinished;
        continue;
      }
      return DecodeEnd::corrupt;  // Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR
    }
  }
};

Decoder::Decoder() : zlib_(std::make_unique<Zlib>()) {}
Decoder::~Decoder() = default;

namespace {

DecodeEnd brotli_into(std::string_view in, std::string& out, std::size_t limit) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!state) return DecodeEnd::corrupt;
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
  std::size_t avail_in = in.size();
  DecodeEnd end = DecodeEnd::corrupt;
  for (;;) {
    std::size_t room = 0;
    auto* next_out = reinterpret_cast<std::uint8_t*>(grow(out, limit, room));
    std::size_t avail_out = room;
    const BrotliDecoderResult rc = BrotliDecoderDecompressStream(state, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out.resize(out.size() - avail_out);
    if (out.size() > limit) {
      out.resize(limit);
      end = DecodeEnd::limited;
      break;
    }
    if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
    end = rc == BROTLI_DECODER_RESULT_SUCCESS            ? DecodeEnd::complete
          : rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT ? DecodeEnd::unfinished
                                                         : DecodeEnd::corrupt;
    break;
  }
  BrotliDecoderDestroyInstance(state);
  return end;
}

}  // namespace

DecodeEnd Decoder::decode(Coding coding, std::string_view in, std::string& out, std::size_t limit) {
  out.clear();
  switch (coding) {
    case Coding::identity:
      out.assign(in.substr(0, limit));
      return in.size() > limit ? DecodeEnd::limited : DecodeEnd::complete;
    case Coding::gzip:
      if (!zlib_->start(gzip_window)) return DecodeEnd::corrupt;
      return zlib_->inflate_into(in, out, limit, true);
    case Coding::deflate:
      if (!zlib_->start(has_zlib_header(in) ? zlib_window : raw_window)) return DecodeEnd::corrupt;
      return zlib_->inflate_into(in, out, limit, false);
    case Coding::br: return brotli_into(in, out, limit);
  }
  return DecodeEnd::corrupt;
}

namespace {

std::string zlib_encode(std::string_view in, int level, int window) {
  z_stream stream{};
  if (deflateInit2(&stream, level < 0 ? 6 : level, Z_DEFLATED, window, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: deflateInit2 failed");
  std::string out(deflateBound(&stream, static_cast<uLong>(in.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  return out;
}

std::string brotli_encode(std::string_view in, int quality) {
  std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
  if (size == 0) size = in.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality < 0 ? 5 : quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                             reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    throw std::runtime_error("brotli: BrotliEncoderCompress failed");
  out.resize(size);
  return out;
}

}  // namespace

std::string encode(Coding coding, std::string_view in, int level) {
  switch (coding) {
    case Coding::identity: return std::string(in);
    case Coding::gzip: return zlib_encode(in, level, gzip_window);
    case Coding::deflate: return zlib_encode(in, level, zlib_window);
    case Coding::br: return brotli_encode(in, level);
  }
  return std::string(in);
}

std::string encode_raw_deflate(std::string_view in, int level) { return zlib_encode(in, level, raw_window); }

}  // namespace rollcall::coding
