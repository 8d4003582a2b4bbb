#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <zlib.h>

#include "metrics/hlog.hpp"
#include "support/hlog_wire.hpp"

using namespace rollcall::metrics;
using Bytes = std::vector<std::uint8_t>;
using rollcall::test::to_base64;

namespace {

constexpr std::int64_t kHourUs = 3'600'000'000;

// Test-side codecs, written independently of hlog.cpp so that the two check
// each other.
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Bytes from_base64(const std::string& in) {
  Bytes out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    acc = (acc << 6) | static_cast<std::uint32_t>(std::string_view(kAlphabet).find(c));
    bits += 6;
    if (bits >= 8) out.push_back(static_cast<std::uint8_t>(acc >> (bits -= 8)));
  }
  return out;
}

std::uint32_t be32(const Bytes& b, std::size_t at) {
  return std::uint32_t{b[at]} << 24 | std::uint32_t{b[at + 1]} << 16 | std::uint32_t{b[at + 2]} << 8 | b[at + 3];
}

Bytes unzip(const Bytes& compressed, std::size_t expected_size) {
  Bytes out(expected_size + 16);
  uLongf size = out.size();
  REQUIRE(uncompress(out.data(), &size, compressed.data(), compressed.size()) == Z_OK);
  out.resize(size);
  return out;
}

// A compressed-V2 log field around arbitrary uncompressed bytes, for feeding
// the decoder inputs that zlib's checksum would otherwise never let through.
std::string wrap(const Bytes& uncompressed, std::uint32_t cookie = 0x1c849314) {
  std::string field = rollcall::test::compressed_v2_field(uncompressed.data(), uncompressed.size(), cookie, 9);
  REQUIRE(!field.empty());
  return field;
}

void put(Bytes& out, std::uint64_t v, int size) {
  for (int s = 8 * (size - 1); s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

struct Header {
  std::uint32_t cookie = 0x1c849313;
  std::uint32_t payload_length = 0;
  std::uint32_t normalizing_offset = 0;
  std::uint32_t figures = 3;
  std::uint64_t lowest = 1;
  std::uint64_t highest = kHourUs;
  std::uint64_t ratio_bits = 0x3ff0000000000000;  // 1.0
};

Bytes v2(const Header& h, const Bytes& payload) {
  Bytes out;
  put(out, h.cookie, 4);
  put(out, h.payload_length ? h.payload_length : payload.size(), 4);
  put(out, h.normalizing_offset, 4);
  put(out, h.figures, 4);
  put(out, h.lowest, 8);
  put(out, h.highest, 8);
  put(out, h.ratio_bits, 8);
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

void require_same_counts(const Histogram& a, const Histogram& b) {
  REQUIRE(a.counts_length() == b.counts_length());
  for (std::size_t i = 0; i < a.counts_length(); ++i) {
    if (a.count_at_index(i) != b.count_at_index(i)) FAIL("count differs at index " << i);
  }
  CHECK(a.count() == b.count());
  CHECK(a.lowest_discernible() == b.lowest_discernible());
  CHECK(a.highest_trackable() == b.highest_trackable());
  CHECK(a.significant_figures() == b.significant_figures());
}

// What any HdrHistogram decoder reports: the counts, and min/max as bucket bounds.
void require_round_trip(const Histogram& h) {
  const Histogram back = decode_compressed_base64(encode_compressed_base64(h));
  require_same_counts(h, back);
  CHECK(back.min() == h.lowest_equivalent(h.min()));
  CHECK(back.max() == h.highest_equivalent(std::min(h.max(), h.highest_trackable())));
  CHECK(back.mean() == h.mean());
  for (double p : {50.0, 99.0}) {
    CHECK(back.percentile(p) == h.highest_equivalent(std::min(h.percentile(p), h.highest_trackable())));
  }
}

// Written by HdrHistogram (Java) 2.1.11, from Debian's libhdrhistogram-java:
//   Histogram h = new Histogram(1, 3600000000L, 3);
//   h.recordValue(0); h.recordValue(1); h.recordValueWithCount(5, 300);
//   h.recordValue(3000); h.recordValue(1000000); h.recordValueWithCount(3599999999L, 2);
//   h.setTag("get_/index");
//   new HistogramLogWriter(out).outputIntervalHistogram(12.5, 13.5, h, 1000.0);
constexpr const char* kJavaLine =
    "Tag=get_/index,12.500,1.000,3600809.983,"
    "HISTFAAAADB42pNpmSzMwMAgwAABzFCaEURcm7yEwf4DRICJifUGy2p1pvZ2RqbFexhZAL22CMU=";
// The same writer, for an empty histogram.
constexpr const char* kJavaEmptyLine = "0.000,1.000,0.000,HISTFAAAAB942pNpmSzMwMDAyAABzFAazL82eQmD/QeoCABVgwSI";

}  // namespace

TEST_CASE("V2 encoding matches bytes worked out by hand from the format", "[hlog]") {
  Histogram h;         // 1 us .. 1 h, 3 figures
  h.record_n(1, 2);    // index 1
  h.record_n(5, 300);  // index 5
  h.record(3000);      // bucket 1 (unit 2): (2 << 10) + (3000 >> 1) - 1024 = index 2524
  const Bytes expected = {
      0x1c, 0x84, 0x93, 0x13,                          // V2 cookie 0x1c849303 | 0x10
      0x00, 0x00, 0x00, 0x08,                          // payload length: the 8 bytes below
      0x00, 0x00, 0x00, 0x00,                          // normalizing index offset
      0x00, 0x00, 0x00, 0x03,                          // significant figures
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // lowest discernible
      0x00, 0x00, 0x00, 0x00, 0xd6, 0x93, 0xa4, 0x00,  // highest trackable 3'600'000'000
      0x3f, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // integer-to-double ratio 1.0
      // ZigZag LEB128 counts, zigzag(n) = 2n for n >= 0, -2n - 1 for n < 0:
      0x00,        // index 0: a lone empty bucket is written as count 0
      0x04,        // index 1: 2
      0x05,        // indexes 2..4: run of 3 empty buckets, -3
      0xd8, 0x04,  // index 5: 300 -> 600 = 0b100'1011000 -> 0x58|0x80, 0x04
      0xab, 0x27,  // indexes 6..2523: run of 2518 empty, -2518 -> 5035 -> 0x2b|0x80, 0x27
      0x02,        // index 2524: 1; nothing is written past the largest value's bucket
  };
  CHECK(encode_uncompressed_v2(h) == expected);
}

TEST_CASE("V2 encoding: 9-byte varints and the empty histogram", "[hlog]") {
  Histogram big;
  big.record_n(1, std::int64_t{1} << 62);  // zigzag 2^63: eight 0x80 bytes, then 8 bits whole
  const Bytes encoded = encode_uncompressed_v2(big);
  const Bytes payload(encoded.begin() + 40, encoded.end());
  CHECK(payload == Bytes{0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80});
  require_round_trip(big);

  // As HdrHistogram, bucket 0 is always written.
  const Bytes empty = encode_uncompressed_v2(Histogram{});
  CHECK(be32(empty, 4) == 1);
  CHECK(empty.size() == 41);
  CHECK(empty.back() == 0x00);
}

TEST_CASE("compressed encoding: cookie, zlib length, zlib of the V2 bytes", "[hlog]") {
  Histogram h;
  for (std::int64_t v = 1; v < 100'000; v += 37) h.record(v);
  const std::string text = encode_compressed_base64(h);
  CHECK(text.rfind("HISTFAAA", 0) == 0);  // 0x1c849314 then a length < 2^16
  const Bytes raw = from_base64(text);
  REQUIRE(raw.size() > 8);
  CHECK(be32(raw, 0) == 0x1c849314);
  CHECK(be32(raw, 4) == raw.size() - 8);
  const Bytes uncompressed = encode_uncompressed_v2(h);
  CHECK(unzip(Bytes(raw.begin() + 8, raw.end()), uncompressed.size()) == uncompressed);
}

TEST_CASE("decodes a line written by HdrHistogram Java, byte for byte", "[hlog]") {
  std::istringstream in(std::string(kJavaLine) + "\n" + kJavaEmptyLine + "\n");
  IntervalLogReader reader(in);
  const auto rec = reader.next();
  REQUIRE(rec);
  CHECK(rec->tag == "get_/index");
  CHECK(rec->start_s == 12.5);
  CHECK(rec->length_s == 1.0);
  CHECK(rec->max_ms == 3600809.983);
  const Histogram& h = rec->histogram;
  // Java reported: count=306 max=3600809983 min=0 p50=5 p99=3001 p99.5=3600809983
  // mean=2.353113565359477E7 sd=2.9007058415202045E8
  CHECK(h.count() == 306);
  CHECK(h.max() == 3'600'809'983);
  CHECK(h.min() == 0);
  CHECK(h.percentile(50) == 5);
  CHECK(h.percentile(99) == 3001);
  CHECK(h.percentile(99.5) == 3'600'809'983);
  CHECK(h.mean() == Approx(2.353113565359477E7).epsilon(1e-12));
  CHECK(h.stddev() == Approx(2.9007058415202045E8).epsilon(1e-12));
  CHECK(h.count_at_index(h.index_of(5)) == 300);

  // Same histogram, same V2 bytes as Java's encoder produced.
  const std::string field = std::string(kJavaLine).substr(std::string(kJavaLine).rfind(',') + 1);
  const Bytes java = from_base64(field);
  const Bytes ours = encode_uncompressed_v2(h);
  CHECK(unzip(Bytes(java.begin() + 8, java.end()), ours.size()) == ours);

  const auto empty = reader.next();
  REQUIRE(empty);
  CHECK(empty->tag.empty());
  CHECK(empty->histogram.count() == 0);
  CHECK_FALSE(reader.next());
}

TEST_CASE("compressed round trip keeps every count", "[hlog]") {
  require_round_trip(Histogram{});
  Histogram one;
  one.record(12'345);
  require_round_trip(one);

  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> dist(9.0, 2.5);
  Histogram wide;
  for (int i = 0; i < 50'000; ++i) wide.record(static_cast<std::int64_t>(dist(rng)));
  wide.record(0);
  wide.record(kHourUs * 10);  // overflow: the encoding keeps it in the top bucket
  require_round_trip(wide);

  Histogram coarse(1000, 60'000'000, 2);
  for (std::int64_t v = 0; v < 60'000'000; v += 777'777) coarse.record(v);
  require_round_trip(coarse);

  Histogram fine(1, 1'000'000, 5);
  for (std::int64_t v = 1; v < 1'000'000; v = v * 3 + 1) fine.record_n(v, v);
  require_round_trip(fine);
}

TEST_CASE("decoding into a histogram replaces its counts, whatever its layout was", "[hlog]") {
  Histogram first;
  first.record(1'000);
  first.record_n(250'000, 7);
  Histogram second;
  second.record(40);
  Histogram coarse(1000, 60'000'000, 2);
  coarse.record(5'000'000);

  Histogram into;
  into.record(kHourUs);  // counts of its own, above everything decoded: reset, not merged
  decode_compressed_base64(encode_compressed_base64(first), into);
  require_same_counts(first, into);
  CHECK(into.count() == 8);
  CHECK(into.max() == first.highest_equivalent(250'000));
  // The next interval reuses the counts: the previous one's are gone.
  decode_compressed_base64(encode_compressed_base64(second), into);
  require_same_counts(second, into);
  CHECK(into.min() == 40);
  CHECK(into.max() == 40);
  // Another layout replaces the histogram's, and the default one comes back.
  decode_compressed_base64(encode_compressed_base64(coarse), into);
  CHECK(into.significant_figures() == 2);
  CHECK(into.highest_trackable() == 60'000'000);
  require_same_counts(coarse, into);
  decode_compressed_base64(encode_compressed_base64(first), into);
  CHECK(into.significant_figures() == 3);
  require_same_counts(first, into);
  // An empty one empties it.
  decode_compressed_base64(encode_compressed_base64(Histogram{}), into);
  CHECK(into.count() == 0);
  CHECK(into.filled_end() == 0);
}

TEST_CASE("writer produces HdrHistogram's log lines", "[hlog]") {
  std::ostringstream out;
  IntervalLogWriter writer(out);
  writer.write_comment("Logged with rollcall\nsecond line");
  writer.write_start_time(1441812279.474);
  writer.write_base_time(1441812279.474);
  writer.write_legend();
  Histogram h;
  h.record(1234);
  h.record(2'999'999);
  writer.write_interval("", 0.0, 1.0, h);
  writer.write_interval("GET /a,b\tc", 1.0, 1.0, h);

  std::istringstream lines(out.str());
  std::string line;
  const auto next_line = [&] {
    std::getline(lines, line);
    return line;
  };
  CHECK(next_line() == "#Logged with rollcall");
  CHECK(next_line() == "#second line");
  CHECK(next_line() == "#[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 15:24:39 UTC 2015]");
  CHECK(next_line() == "#[BaseTime: 1441812279.474 (seconds since epoch)]");
  CHECK(next_line() == "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"");
  CHECK(next_line() == "0.000,1.000,2999.999," + encode_compressed_base64(h));
  CHECK(next_line() == "Tag=GET_/a_b_c,1.000,1.000,2999.999," + encode_compressed_base64(h));
}

TEST_CASE("tags lose only the characters that would split a line", "[hlog]") {
  CHECK(sanitize_tag("checkout") == "checkout");
  CHECK(sanitize_tag("GET /a,b\tc\r\nd") == "GET_/a_b_c__d");
  CHECK(sanitize_tag("p95=ok;x:y") == "p95=ok;x:y");
  CHECK(sanitize_tag("") == "");
}

TEST_CASE("interval log round trip with several tags", "[hlog]") {
  std::mt19937_64 rng(11);
  std::exponential_distribution<double> dist(1.0 / 5'000.0);
  const std::vector<std::string> tags = {"", "get_home", "post_login", "", "get_home"};
  std::vector<Histogram> written;

  std::stringstream log;
  IntervalLogWriter writer(log);
  writer.write_comment("[Logged with rollcall]");
  writer.write_start_time(1'700'000'000.25);
  writer.write_base_time(1'700'000'000.0);
  writer.write_legend();
  for (std::size_t i = 0; i < tags.size(); ++i) {
    Histogram h;
    for (std::size_t k = 0; k < 1'000 * (i + 1); ++k) h.record(static_cast<std::int64_t>(dist(rng)));
    writer.write_interval(tags[i], 0.5 * static_cast<double>(i), 0.5, h);
    written.push_back(std::move(h));
  }

  IntervalLogReader reader(log);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    INFO("interval " << i);
    const auto rec = reader.next();
    REQUIRE(rec);
    CHECK(rec->tag == tags[i]);
    CHECK(rec->start_s == Approx(0.5 * static_cast<double>(i)));
    CHECK(rec->length_s == Approx(0.5));
    CHECK(rec->max_ms == Approx(static_cast<double>(written[i].max()) / 1000.0).margin(0.0005));
    require_same_counts(rec->histogram, written[i]);
  }
  CHECK_FALSE(reader.next());
  REQUIRE(reader.start_time());
  CHECK(*reader.start_time() == Approx(1'700'000'000.25));
  REQUIRE(reader.base_time());
  CHECK(*reader.base_time() == Approx(1'700'000'000.0));
}

TEST_CASE("reader tolerates CRLF, blank lines and free comments", "[hlog]") {
  std::istringstream in("#just a note\r\n\r\n   \n" + std::string(kJavaEmptyLine) + "\r\n");
  IntervalLogReader reader(in);
  const auto rec = reader.next();
  REQUIRE(rec);
  CHECK(rec->histogram.count() == 0);
  CHECK_FALSE(reader.start_time());
  CHECK_FALSE(reader.next());
}

TEST_CASE("reader names the line of a malformed entry", "[hlog]") {
  const std::string good = kJavaEmptyLine;
  const std::string field = good.substr(good.rfind(',') + 1);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"garbage", "expected 4"},
      {"1.0,2.0,3.0", "expected 4"},
      {"1.0,2.0,3.0,4.0," + field, "expected 4"},
      {"x,1.000,0.000," + field, "StartTimestamp"},
      {"0.000,,0.000," + field, "Interval_Length"},
      {"0.000,1.000,1e,," + field, "expected 4"},
      {"0.000,1.000,0.000,HIST!!!!", "base64"},
      {"Tag=only", "Tag="},
      {"#[StartTime: soon (seconds since epoch)]", "StartTime"},
  };
  for (const auto& [line, reason] : cases) {
    INFO(line);
    std::istringstream in("#comment\n\n" + line + "\n");
    IntervalLogReader reader(in);
    try {
      (void)reader.next();
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      CHECK(what.find("line 3") != std::string::npos);
      CHECK(what.find(reason) != std::string::npos);
    }
  }
}

TEST_CASE("decoding garbage throws a clear error", "[hlog]") {
  Histogram h;
  h.record_n(1, 2);
  h.record(3000);
  const std::string valid = encode_compressed_base64(h);
  const Bytes valid_v2 = encode_uncompressed_v2(h);
  const Bytes payload(valid_v2.begin() + 40, valid_v2.end());

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "base64"},
      {"abc", "base64"},
      {"ab=c", "base64"},
      {"a===", "base64"},
      {"@@@@", "base64"},
      {to_base64({1, 2, 3}), "truncated"},
      {to_base64({0x1c, 0x84, 0x93, 0x13, 0, 0, 0, 0}), "cookie"},
      {to_base64({0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1, 0}), "cookie"},
      {valid.substr(0, valid.size() - 8), "length"},
      {to_base64({0x1c, 0x84, 0x93, 0x14, 0, 0, 0, 4, 1, 2, 3, 4}), "zlib"},
      {wrap({1, 2, 3}), "short"},
      {wrap(valid_v2, 0x1c849302), "cookie"},
      {wrap(v2({.cookie = 0x1c849301}, payload)), "cookie"},
      {wrap(v2({.figures = 9}, payload)), "layout"},
      {wrap(v2({.lowest = 0}, payload)), "layout"},
      {wrap(v2({.highest = 1}, payload)), "layout"},
      {wrap(v2({.normalizing_offset = 4}, payload)), "DoubleHistogram"},
      {wrap(v2({.ratio_bits = 0x3fe0000000000000}, payload)), "DoubleHistogram"},
      {wrap(v2({.payload_length = 0x7fffffff}, payload)), "cannot fit"},
      {wrap(v2({.payload_length = 100}, payload)), "shorter"},
      {wrap(v2({.payload_length = 2}, payload)), "longer"},
      // 23552 counts in the default layout: a zero run past the end...
      {wrap(v2({}, {0xff, 0xff, 0x05})), "overflows"},  // -(0x17fff/2 + 1) = -49152
      // ...the most negative varint...
      {wrap(v2({}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})), "overflows"},
      // ...a count just past the end (a run of 23552 then a count)...
      {wrap(v2({}, {0xff, 0xef, 0x02, 0x02})), "overflow"},
      // ...two counts whose sum overflows 64 bits...
      {wrap(v2({}, {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                    0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})), "64 bits"},
      // ...and a varint cut short.
      {wrap(v2({}, {0x02, 0x80})), "truncated"},
  };
  for (const auto& [text, reason] : cases) {
    INFO("input: " << text << " / expected reason: " << reason);
    try {
      (void)decode_compressed_base64(text);
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()).find(reason) != std::string::npos);
    }
  }
}

TEST_CASE("hostile inputs never crash the decoder", "[hlog]") {
  std::mt19937_64 rng(1234);
  Histogram h;
  for (std::int64_t v = 1; v < 5'000'000; v = v * 2 + 3) h.record_n(v, v % 7 + 1);
  const std::string valid = encode_compressed_base64(h);
  const Bytes valid_v2 = encode_uncompressed_v2(h);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };

  int decoded = 0;
  int rejected = 0;
  const auto attempt = [&](const std::string& text) {
    try {
      (void)decode_compressed_base64(text);
      ++decoded;
    } catch (const std::runtime_error&) {
      ++rejected;
    }
  };
  for (int i = 0; i < 1'000; ++i) {
    std::string text = valid;  // mutate the text, which mostly trips base64 or zlib checks
    for (int k = 0; k < 1 + i % 4; ++k) text[pick(text.size())] = kAlphabet[pick(64)];
    attempt(text.substr(0, pick(text.size() + 1)));
    attempt(text);
  }
  for (int i = 0; i < 2'000; ++i) {
    Bytes raw = valid_v2;  // mutate under the compression, to reach the header and varint parsers
    for (int k = 0; k < 1 + i % 3; ++k) raw[pick(raw.size())] = static_cast<std::uint8_t>(pick(256));
    if (i % 5 == 0) raw.resize(pick(raw.size() + 1));
    attempt(wrap(raw));
  }
  CHECK(decoded + rejected == 4'000);
  CHECK(rejected > 0);
}

TEST_CASE("a header cannot make the decoder allocate more than its input can hold", "[hlog]") {
  // Five figures up to INT64_MAX would be 6.2 million counts (49 MiB) from a
  // line of 80 characters.
  const std::string huge_layout = wrap(v2({.figures = 5, .highest = 0x7fffffffffffffff}, {0x02}));
  CHECK_THROWS_WITH(decode_compressed_base64(huge_layout), Catch::Contains("needs more than 2097152 counts"));

  // A payload of 18 MB claimed by a stream of a few dozen compressed bytes,
  // within what the (largest accepted) layout could hold.
  const std::string long_claim =
      wrap(v2({.payload_length = 18'000'000, .figures = 5}, {0x02}));
  CHECK_THROWS_WITH(decode_compressed_base64(long_claim), Catch::Contains("cannot come out of"));

  // The largest layout accepted: five figures over an hour, as HdrHistogram
  // users write it.
  Histogram fine(1, kHourUs, 5);
  fine.record(1);
  fine.record(kHourUs);
  const Histogram back = decode_compressed_base64(encode_compressed_base64(fine));
  CHECK(back.counts_length() == 2'097'152);
  require_same_counts(fine, back);
}
