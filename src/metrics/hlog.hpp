#pragma once
// The HdrHistogram interval log ("hlog"), as written by HdrHistogram's
// HistogramLogWriter and read by its HistogramLogReader, HistogramLogProcessor
// and HistogramLogAnalyzer: one line per interval, each carrying a histogram in
// the V2 compressed encoding, base64-encoded. docs/histograms.md has the
// conventions rollcall follows (values in µs, Interval_Max in ms, tags).

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/histogram.hpp"

namespace rollcall::metrics {

// The uncompressed V2 encoding: 40-byte big-endian header (cookie, payload
// length, normalizing index offset, significant figures, lowest discernible,
// highest trackable, integer-to-double ratio) then the counts as ZigZag
// LEB128-64b9B varints, a run of N > 1 empty buckets written as -N.
std::vector<std::uint8_t> encode_uncompressed_v2(const Histogram& h);
// The V2 compressed encoding (cookie, zlib length, zlib stream of the above),
// base64-encoded: the last field of an interval line.
std::string encode_compressed_base64(const Histogram& h);
// The inverse. min() and max() of the result are bucket bounds, as with every
// HdrHistogram decoder: the encoding carries counts only. Throws
// std::runtime_error on any malformed input.
Histogram decode_compressed_base64(std::string_view text);
// The same into `into`, whose counts are reused when its layout is the one
// encoded: decoding interval after interval then allocates nothing, where a
// new histogram of the default layout is 184 KiB to allocate and zero. On an
// exception `into` holds part of the counts or none.
void decode_compressed_base64(std::string_view text, Histogram& into);

// Replaces ',' and whitespace, which would split the line, and other control
// characters by '_'.
std::string sanitize_tag(std::string_view tag);

struct IntervalRecord {
  std::string tag;   // empty when the line has no Tag= prefix
  double start_s;    // as written: relative to BaseTime (or StartTime) or absolute
  double length_s;
  double max_ms;     // Interval_Max: the exact max, in ms, to the µs
  Histogram histogram;
};

class IntervalLogWriter {
 public:
  explicit IntervalLogWriter(std::ostream& out);
  // Each line of `text` becomes a comment line.
  void write_comment(std::string_view text);
  // "#[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 15:24:39 UTC 2015]"
  void write_start_time(double epoch_seconds);
  // "#[BaseTime: 1441812279.474 (seconds since epoch)]"
  void write_base_time(double epoch_seconds);
  void write_legend();
  // "[Tag=<tag>,]<start>,<length>,<max ms>,<base64>", flushed. The tag goes
  // through sanitize_tag; an empty tag writes no Tag= prefix.
  void write_interval(std::string_view tag, double start_s, double length_s, const Histogram& h);

 private:
  std::ostream& out_;
};

class IntervalLogReader {
 public:
  explicit IntervalLogReader(std::istream& in);
  // The next interval, or nullopt at the end of the stream. Skips comments,
  // blank lines and the legend, noting StartTime and BaseTime on the way.
  // Throws std::runtime_error naming the line number on a malformed line.
  std::optional<IntervalRecord> next();
  std::optional<double> start_time() const { return start_time_; }
  std::optional<double> base_time() const { return base_time_; }

 private:
  void read_comment(std::string_view line);
  IntervalRecord parse_interval(std::string_view line) const;

  std::istream& in_;
  std::size_t line_number_ = 0;
  std::optional<double> start_time_;
  std::optional<double> base_time_;
};

}  // namespace rollcall::metrics
