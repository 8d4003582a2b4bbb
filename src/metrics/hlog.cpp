#include "metrics/hlog.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <ctime>
#include <exception>
#include <limits>
#include <span>
#include <stdexcept>

#include <fmt/format.h>
#include <zlib.h>

namespace rollcall::metrics {

namespace {

// The cookies carry a word-size nibble (0xf0); V2 writers set 0x10 in it and
// readers ignore it, as HdrHistogram's getCookieBase does.
constexpr std::uint32_t kCookieWordSizeMask = 0xf0;
constexpr std::uint32_t kV2EncodingCookieBase = 0x1c849303;
constexpr std::uint32_t kV2CompressedEncodingCookieBase = 0x1c849304;
constexpr std::uint32_t kV2EncodingCookie = kV2EncodingCookieBase | 0x10;
constexpr std::uint32_t kV2CompressedEncodingCookie = kV2CompressedEncodingCookieBase | 0x10;
constexpr std::size_t kHeaderSize = 40;
constexpr std::size_t kMaxVarintSize = 9;
// A decoded layout is allocated whole, whatever its counts: this caps what a
// header may ask for at 16 MiB of counts, room for five significant figures
// from 1 µs to an hour, and for any layout of three or four figures.
constexpr std::size_t kMaxLayoutCounts = std::size_t{1} << 21;
// deflate's best ratio is 1032:1; a payload length beyond that times the
// compressed bytes is a lie, refused before anything is sized from it.
constexpr std::uint64_t kMaxDeflateRatio = 1032;
// The payload is inflated in pieces of this size, so that memory follows
// what the stream really holds rather than what the header claims.
constexpr std::size_t kInflateChunk = 64 * 1024;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("hlog: " + what); }

// ---- big-endian bytes and ZigZag LEB128-64b9B varints ----

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void put_u64(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// HdrHistogram's variant of LEB128: the ninth byte carries a full 8 bits, so a
// 64-bit value never takes more than 9 bytes.
void put_zigzag(std::vector<std::uint8_t>& out, std::int64_t value) {
  std::uint64_t v = (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
  for (std::size_t i = 0; i + 1 < kMaxVarintSize && v >= 0x80; ++i) {
    out.push_back(static_cast<std::uint8_t>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  bool at_end() const { return pos_ == bytes_.size(); }
  std::uint64_t big_endian(std::size_t size) {
    need(size);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < size; ++i) v = (v << 8) | bytes_[pos_++];
    return v;
  }
  std::int64_t zigzag() {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < kMaxVarintSize; ++i) {
      need(1);
      const std::uint8_t b = bytes_[pos_++];
      if (i == kMaxVarintSize - 1) {
        v |= std::uint64_t{b} << 56;
        break;
      }
      v |= std::uint64_t{b & 0x7fu} << (7 * i);
      if ((b & 0x80) == 0) break;
    }
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }

 private:
  void need(std::size_t size) const {
    if (bytes_.size() - pos_ < size) fail("histogram encoding is truncated");
  }
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

// ---- base64 (RFC 4648, standard alphabet, padded), as java.util.Base64 ----

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::span<const std::uint8_t> in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, in.size() - i);
    std::uint32_t group = std::uint32_t{in[i]} << 16;
    if (n > 1) group |= std::uint32_t{in[i + 1]} << 8;
    if (n > 2) group |= in[i + 2];
    for (std::size_t k = 0; k < 4; ++k) {
      out.push_back(k <= n ? kBase64Alphabet[(group >> (18 - 6 * k)) & 0x3f] : '=');
    }
  }
  return out;
}

int base64_digit(char c) {
  const auto pos = kBase64Alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::vector<std::uint8_t> base64_decode(std::string_view in) {
  if (in.empty() || in.size() % 4 != 0) fail(fmt::format("bad base64: length {} is not a positive multiple of 4", in.size()));
  const std::size_t padding = in.ends_with("==") ? 2 : in.ends_with('=') ? 1 : 0;
  std::vector<std::uint8_t> out;
  out.reserve(in.size() / 4 * 3);
  for (std::size_t i = 0; i < in.size(); i += 4) {
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const bool pad = i + k >= in.size() - padding;
      const int digit = pad ? 0 : base64_digit(in[i + k]);
      if (digit < 0) fail(fmt::format("bad base64: unexpected character at offset {}", i + k));
      group = (group << 6) | static_cast<std::uint32_t>(digit);
    }
    const std::size_t bytes = i + 4 == in.size() ? 3 - padding : 3;
    for (std::size_t k = 0; k < bytes; ++k) out.push_back(static_cast<std::uint8_t>(group >> (16 - 8 * k)));
  }
  return out;
}

// ---- zlib ----

// zlib's streams are kept, one of each per thread, and reset between
// histograms: a stream's state is 7 KiB (inflate) to 268 KiB (deflate) to
// allocate and clear, far more than the few hundred bytes of a histogram,
// and a run or a report codes one per step per interval.
class DeflateStream {
 public:
  DeflateStream() {
    // Best compression, as HdrHistogram's HistogramLogWriter: logs are
    // written once per interval and kept. Same output as compress2.
    if (deflateInit(&stream_, Z_BEST_COMPRESSION) != Z_OK) fail("zlib deflateInit failed");
  }
  ~DeflateStream() { deflateEnd(&stream_); }
  DeflateStream(const DeflateStream&) = delete;
  DeflateStream& operator=(const DeflateStream&) = delete;

  std::vector<std::uint8_t> compress(std::span<const std::uint8_t> in) {
    if (deflateReset(&stream_) != Z_OK) fail("zlib deflateReset failed");
    std::vector<std::uint8_t> out(deflateBound(&stream_, static_cast<uLong>(in.size())));
    stream_.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct
    stream_.avail_in = static_cast<uInt>(in.size());
    stream_.next_out = out.data();
    stream_.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&stream_, Z_FINISH);
    if (rc != Z_STREAM_END) fail(fmt::format("zlib deflate failed ({})", rc));
    out.resize(stream_.total_out);
    return out;
  }

 private:
  z_stream stream_{};
};

std::vector<std::uint8_t> zlib_compress(std::span<const std::uint8_t> in) {
  thread_local DeflateStream stream;
  return stream.compress(in);
}

class InflateStream {
 public:
  InflateStream() {
    if (inflateInit(&stream_) != Z_OK) fail("zlib inflateInit failed");
  }
  ~InflateStream() { inflateEnd(&stream_); }
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
  // Emptied, for the next compressed stream.
  z_stream& fresh() {
    if (inflateReset(&stream_) != Z_OK) fail("zlib inflateReset failed");
    return stream_;
  }

 private:
  z_stream stream_{};
};

// Streams a zlib payload out in exact-size pieces, so that the header can be
// checked before any memory is sized from it.
class Inflater {
 public:
  explicit Inflater(std::span<const std::uint8_t> in) : stream_(thread_stream().fresh()) {
    stream_.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct
    stream_.avail_in = static_cast<uInt>(in.size());
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  void read(std::span<std::uint8_t> out) {
    stream_.next_out = out.data();
    stream_.avail_out = static_cast<uInt>(out.size());
    while (stream_.avail_out > 0) {
      if (ended_) fail("compressed histogram is shorter than its header says");
      step();
    }
  }
  void expect_end() {
    std::uint8_t extra = 0;
    stream_.next_out = &extra;
    stream_.avail_out = 1;
    while (!ended_ && stream_.avail_out > 0) step();
    if (stream_.avail_out == 0) fail("compressed histogram is longer than its header says");
  }

 private:
  static InflateStream& thread_stream() {
    thread_local InflateStream stream;
    return stream;
  }
  void step() {
    const int rc = inflate(&stream_, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      ended_ = true;
    } else if (rc == Z_BUF_ERROR) {
      fail("compressed histogram is truncated");
    } else if (rc != Z_OK) {
      fail(fmt::format("zlib error ({}: {})", rc, stream_.msg ? stream_.msg : "no message"));
    }
  }
  z_stream& stream_;
  bool ended_ = false;
};

// ---- V2 payload ----

// As HdrHistogram's encoder: up to the bucket of the largest value, at least one.
std::size_t relevant_length(const Histogram& h) {
  for (std::size_t i = h.filled_end(); i > 1; --i) {
    if (h.count_at_index(i - 1) != 0) return i;
  }
  return 1;
}

void put_counts(std::vector<std::uint8_t>& out, const Histogram& h) {
  const std::size_t limit = relevant_length(h);
  std::size_t i = 0;
  // The zeros below the lowest count are one run, written without reading them.
  if (const std::size_t first = std::min(h.filled_begin(), limit - 1); first > 1) {
    put_zigzag(out, -static_cast<std::int64_t>(first));
    i = first;
  }
  while (i < limit) {
    const std::int64_t count = h.count_at_index(i++);
    std::int64_t zeros = count == 0 ? 1 : 0;
    while (zeros > 0 && i < limit && h.count_at_index(i) == 0) {
      ++zeros;
      ++i;
    }
    put_zigzag(out, zeros > 1 ? -zeros : count);
  }
}

// What the header promises; the layout is checked but not yet allocated.
struct V2Header {
  std::uint32_t payload_length;
  std::int64_t lowest;
  std::int64_t highest;
  int figures;
};

// How many counts Histogram(lowest, highest, figures) holds, without building
// it: HdrHistogram's bucket arithmetic in closed form, for valid arguments.
std::uint64_t layout_counts(std::int64_t lowest, std::int64_t highest, int figures) {
  std::uint64_t single_unit_range = 2;  // 2 * 10^figures
  for (int i = 0; i < figures; ++i) single_unit_range *= 10;
  const std::uint64_t sub_bucket_count = std::max<std::uint64_t>(std::bit_ceil(single_unit_range), 2);
  const int sub_bucket_magnitude = std::countr_zero(sub_bucket_count);
  const int unit_magnitude = 63 - std::countl_zero(static_cast<std::uint64_t>(lowest));
  const int covered = std::bit_width(static_cast<std::uint64_t>(highest)) - sub_bucket_magnitude - unit_magnitude;
  const std::uint64_t buckets = 1 + static_cast<std::uint64_t>(std::max(covered, 0));
  return (buckets + 1) * (sub_bucket_count / 2);
}

V2Header parse_header(std::span<const std::uint8_t> bytes) {
  ByteReader r(bytes);
  const auto cookie = static_cast<std::uint32_t>(r.big_endian(4));
  if ((cookie & ~kCookieWordSizeMask) != kV2EncodingCookieBase) {
    fail(fmt::format("not a V2 histogram encoding (cookie {:#010x})", cookie));
  }
  const auto payload_length = static_cast<std::uint32_t>(r.big_endian(4));
  const auto normalizing_offset = static_cast<std::int32_t>(r.big_endian(4));
  const auto figures = static_cast<std::int32_t>(r.big_endian(4));
  const auto lowest = static_cast<std::int64_t>(r.big_endian(8));
  const auto highest = static_cast<std::int64_t>(r.big_endian(8));
  const auto ratio = std::bit_cast<double>(r.big_endian(8));
  if (normalizing_offset != 0 || ratio != 1.0) {
    fail("shifted or double-valued histograms (DoubleHistogram) are not supported");
  }
  // Checked before the layout is built: building it allocates its counts.
  if (lowest >= 1 && figures >= 0 && figures <= 5 && highest / 2 >= lowest &&
      layout_counts(lowest, highest, figures) > kMaxLayoutCounts) {
    fail(fmt::format("histogram layout ({}, {}, {} figures) needs more than {} counts", lowest, highest, figures,
                     kMaxLayoutCounts));
  }
  return V2Header{payload_length, lowest, highest, figures};
}

// `inflatable`: the most bytes the compressed stream can expand to.
// `layout_for(lowest, highest, figures)` gives the empty histogram of that
// layout that the counts go into: a new one, or one whose counts are reused.
template <typename LayoutFor>
Histogram& prepare_layout(const V2Header& header, std::uint64_t inflatable, LayoutFor&& layout_for) {
  try {
    Histogram& layout = layout_for(header.lowest, header.highest, header.figures);
    if (header.payload_length > layout.counts_length() * kMaxVarintSize) {
      fail(fmt::format("payload length {} cannot fit {} counts", header.payload_length, layout.counts_length()));
    }
    if (header.payload_length + kHeaderSize > inflatable) {
      fail(fmt::format("payload length {} cannot come out of the compressed bytes present", header.payload_length));
    }
    return layout;
  } catch (const std::invalid_argument& e) {
    fail(fmt::format("bad histogram layout: {}", e.what()));
  }
}

void fill_counts(Histogram& h, std::span<const std::uint8_t> payload) {
  ByteReader r(payload);
  std::size_t index = 0;
  while (!r.at_end()) {
    const std::int64_t v = r.zigzag();
    if (v < 0) {
      if (v == std::numeric_limits<std::int64_t>::min() ||
          static_cast<std::uint64_t>(-v) > h.counts_length() - index) {
        fail("a run of empty buckets overflows the histogram layout");
      }
      index += static_cast<std::size_t>(-v);
      continue;
    }
    if (index >= h.counts_length()) fail("counts overflow the histogram layout");
    try {
      h.add_at_index(index++, v);
    } catch (const std::overflow_error&) {
      fail("total count overflows 64 bits");
    }
  }
}

template <typename LayoutFor>
void decode_compressed(std::span<const std::uint8_t> bytes, LayoutFor&& layout_for) {
  ByteReader r(bytes);
  const auto cookie = static_cast<std::uint32_t>(r.big_endian(4));
  if ((cookie & ~kCookieWordSizeMask) != kV2CompressedEncodingCookieBase) {
    fail(fmt::format("not a V2 compressed histogram (cookie {:#010x})", cookie));
  }
  const auto compressed_length = r.big_endian(4);
  if (compressed_length != bytes.size() - 8) {
    fail(fmt::format("compressed length {} does not match the {} bytes present", compressed_length,
                     bytes.size() - 8));
  }
  Inflater inflater(bytes.subspan(8));
  std::array<std::uint8_t, kHeaderSize> header{};
  inflater.read(header);
  const std::uint64_t inflatable = compressed_length * kMaxDeflateRatio;
  const V2Header parsed = parse_header(header);
  Histogram& h = prepare_layout(parsed, inflatable, layout_for);
  std::vector<std::uint8_t> payload;
  while (payload.size() < parsed.payload_length) {
    const std::size_t have = payload.size();
    payload.resize(have + std::min<std::size_t>(kInflateChunk, parsed.payload_length - have));
    inflater.read(std::span(payload).subspan(have));
  }
  inflater.expect_end();
  fill_counts(h, payload);
}

// ---- log lines ----

std::string format_seconds(double s) { return fmt::format("{:.3f}", s); }

// Java's Date.toString() in UTC, as HdrHistogram writes it; formatted by hand
// so that no locale can change it.
std::string human_date(double epoch_seconds) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // Also keeps the cast below defined: ±1e15 s is far inside time_t and tm_year.
  if (!(std::abs(epoch_seconds) < 1e15)) return "unknown date";
  const auto t = static_cast<std::time_t>(std::floor(epoch_seconds));
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "unknown date";
  return fmt::format("{} {} {:02} {:02}:{:02}:{:02} UTC {}", kDays[static_cast<std::size_t>(tm.tm_wday)],
                     kMonths[static_cast<std::size_t>(tm.tm_mon)], tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, tm.tm_year + 1900);
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

double parse_double(std::string_view field, std::string_view name) {
  field = trim(field);
  double v = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc{} || end != field.data() + field.size()) {
    fail(fmt::format("{} '{}' is not a number", name, field));
  }
  return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const auto end = s.find(sep, start);
    fields.push_back(s.substr(start, end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

}  // namespace

std::vector<std::uint8_t> encode_uncompressed_v2(const Histogram& h) {
  std::vector<std::uint8_t> out;
  out.reserve(kHeaderSize + 64);
  put_u32(out, kV2EncodingCookie);
  put_u32(out, 0);  // payload length, patched below
  put_u32(out, 0);  // normalizing index offset: integer histograms never shift
  put_u32(out, static_cast<std::uint32_t>(h.significant_figures()));
  put_u64(out, static_cast<std::uint64_t>(h.lowest_discernible()));
  put_u64(out, static_cast<std::uint64_t>(h.highest_trackable()));
  put_u64(out, std::bit_cast<std::uint64_t>(1.0));  // integer-to-double ratio
  put_counts(out, h);
  const auto payload = static_cast<std::uint32_t>(out.size() - kHeaderSize);
  for (std::size_t i = 0; i < 4; ++i) out[4 + i] = static_cast<std::uint8_t>(payload >> (24 - 8 * i));
  return out;
}

std::string encode_compressed_base64(const Histogram& h) {
  const std::vector<std::uint8_t> compressed = zlib_compress(encode_uncompressed_v2(h));
  std::vector<std::uint8_t> out;
  out.reserve(8 + compressed.size());
  put_u32(out, kV2CompressedEncodingCookie);
  put_u32(out, static_cast<std::uint32_t>(compressed.size()));
  out.insert(out.end(), compressed.begin(), compressed.end());
  return base64_encode(out);
}

Histogram decode_compressed_base64(std::string_view text) {
  std::optional<Histogram> h;
  decode_compressed(base64_decode(trim(text)), [&](std::int64_t lowest, std::int64_t highest, int figures) -> Histogram& {
    return h.emplace(lowest, highest, figures);
  });
  return std::move(*h);
}

void decode_compressed_base64(std::string_view text, Histogram& into) {
  decode_compressed(base64_decode(trim(text)), [&](std::int64_t lowest, std::int64_t highest, int figures) -> Histogram& {
    if (into.lowest_discernible() == lowest && into.highest_trackable() == highest &&
        into.significant_figures() == figures)
      into.reset();
    else
      into = Histogram(lowest, highest, figures);
    return into;
  });
}

std::string sanitize_tag(std::string_view tag) {
  std::string out(tag);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ',' || c == ' ' || u < 0x20 || u == 0x7f) c = '_';
  }
  return out;
}

IntervalLogWriter::IntervalLogWriter(std::ostream& out) : out_(out) {}

void IntervalLogWriter::write_comment(std::string_view text) {
  for (std::string_view line : split(text, '\n')) out_ << '#' << line << '\n';
}

void IntervalLogWriter::write_start_time(double epoch_seconds) {
  out_ << "#[StartTime: " << format_seconds(epoch_seconds) << " (seconds since epoch), "
       << human_date(epoch_seconds) << "]\n";
}

void IntervalLogWriter::write_base_time(double epoch_seconds) {
  out_ << "#[BaseTime: " << format_seconds(epoch_seconds) << " (seconds since epoch)]\n";
}

void IntervalLogWriter::write_legend() {
  out_ << "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
}

void IntervalLogWriter::write_interval(std::string_view tag, double start_s, double length_s,
                                       const Histogram& h) {
  if (!tag.empty()) out_ << "Tag=" << sanitize_tag(tag) << ',';
  // Values are µs; Interval_Max is in ms (HdrHistogram's maxValueUnitRatio 1000).
  out_ << format_seconds(start_s) << ',' << format_seconds(length_s) << ','
       << fmt::format("{:.3f}", static_cast<double>(h.max()) / 1000.0) << ','
       << encode_compressed_base64(h) << '\n';
  out_.flush();
}

IntervalLogReader::IntervalLogReader(std::istream& in) : in_(in) {}

std::optional<IntervalRecord> IntervalLogReader::next() {
  std::string line;
  while (std::getline(in_, line)) {
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string_view view = trim(line);
    if (view.empty() || view.starts_with("\"StartTimestamp\"")) continue;
    try {
      if (view.starts_with('#')) {
        read_comment(view);
        continue;
      }
      return parse_interval(view);
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("hlog line {}: {}", line_number_, e.what()));
    }
  }
  return std::nullopt;
}

void IntervalLogReader::read_comment(std::string_view line) {
  const auto number_after = [&](std::string_view prefix) {
    const std::string_view rest = line.substr(prefix.size());
    return parse_double(rest.substr(0, rest.find(' ')), prefix);
  };
  if (line.starts_with("#[StartTime: ")) start_time_ = number_after("#[StartTime: ");
  if (line.starts_with("#[BaseTime: ")) base_time_ = number_after("#[BaseTime: ");
}

IntervalRecord IntervalLogReader::parse_interval(std::string_view line) const {
  std::string tag;
  if (line.starts_with("Tag=")) {
    const auto comma = line.find(',');
    if (comma == std::string_view::npos) fail("Tag= without the interval fields");
    tag = std::string(line.substr(4, comma - 4));
    line.remove_prefix(comma + 1);
  }
  const std::vector<std::string_view> fields = split(line, ',');
  if (fields.size() != 4) {
    fail(fmt::format("expected 4 comma-separated fields (start, length, max, histogram), found {}",
                     fields.size()));
  }
  return IntervalRecord{std::move(tag), parse_double(fields[0], "StartTimestamp"),
                        parse_double(fields[1], "Interval_Length"), parse_double(fields[2], "Interval_Max"),
                        decode_compressed_base64(fields[3])};
}

}  // namespace rollcall::metrics
