// rollcall's half of the interval-log cross-check against HdrHistogram for
// Java (run_interop.cmake drives both halves):
//   hlog_interop write <log> <expected>   writes a log for Java to read
//   hlog_interop read  <log> <expected>   reads a log that Java wrote
// <expected> has one line per interval, "<tag or -> <count> <max> <p50> <p90>
// <p99> <p99.9> <mean>", in the bucket-level terms every HdrHistogram
// decoder reports, so that each side can check the other's reading.

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "metrics/hlog.hpp"

using rollcall::metrics::Histogram;

namespace {

std::string summary(const std::string& tag, const Histogram& h) {
  return fmt::format("{} {} {} {} {} {} {} {:.17g}", tag.empty() ? "-" : tag, h.count(), h.max(),
                     h.percentile(50), h.percentile(90), h.percentile(99), h.percentile(99.9), h.mean());
}

struct Interval {
  std::string tag;
  Histogram histogram;
};

std::vector<Interval> sample_intervals() {
  std::mt19937_64 rng(2024);
  std::exponential_distribution<double> exponential(1.0 / 8'000.0);
  std::lognormal_distribution<double> lognormal(10.0, 2.0);
  std::vector<Interval> out;
  Histogram a;
  for (int i = 0; i < 20'000; ++i) a.record(static_cast<std::int64_t>(exponential(rng)));
  out.push_back({"", std::move(a)});
  Histogram b;
  for (int i = 0; i < 20'000; ++i) b.record(i % 10 == 0 ? 1'000'000 + i : 1'000 + i % 97);
  out.push_back({"get_home", std::move(b)});
  Histogram c;
  for (int i = 0; i < 5'000; ++i) c.record(static_cast<std::int64_t>(lognormal(rng)));
  c.record(0);
  c.record(3'600'000'000);
  c.record(7'200'000'000);  // above highest_trackable: Java sees it in the top bucket
  out.push_back({"post login", std::move(c)});  // written as post_login
  out.push_back({"idle", Histogram{}});
  Histogram d(1'000, 60'000'000, 2);
  for (std::int64_t v = 0; v < 60'000'000; v += 12'345) d.record(v);
  out.push_back({"coarse", std::move(d)});
  return out;
}

int write_log(const std::string& log_path, const std::string& expected_path) {
  std::ofstream log(log_path);
  std::ofstream expected(expected_path);
  rollcall::metrics::IntervalLogWriter writer(log);
  writer.write_comment("[Logged with rollcall hlog_interop]");
  writer.write_start_time(1'700'000'000.0);
  writer.write_base_time(1'700'000'000.0);
  writer.write_legend();
  double start = 0.0;
  for (const auto& [tag, h] : sample_intervals()) {
    writer.write_interval(tag, start, 1.0, h);
    start += 1.0;
    const Histogram decoded = rollcall::metrics::decode_compressed_base64(
        rollcall::metrics::encode_compressed_base64(h));
    if (decoded.count() != h.count()) {
      std::cerr << "rollcall lost samples encoding '" << tag << "'\n";
      return 1;
    }
    expected << summary(rollcall::metrics::sanitize_tag(tag), decoded) << '\n';
  }
  return log && expected ? 0 : 1;
}

bool same_summary(const std::string& got, const std::string& want) {
  std::istringstream g(got), w(want);
  std::string gtag, wtag;
  g >> gtag;
  w >> wtag;
  if (gtag != wtag) return false;
  for (int i = 0; i < 6; ++i) {
    std::int64_t gv = 0, wv = 0;
    g >> gv;
    w >> wv;
    if (gv != wv) return false;
  }
  double gm = 0, wm = 0;
  g >> gm;
  w >> wm;
  return std::abs(gm - wm) <= 1e-9 * std::max(1.0, std::abs(wm));
}

int read_log(const std::string& log_path, const std::string& expected_path) {
  std::ifstream log(log_path);
  std::ifstream expected(expected_path);
  rollcall::metrics::IntervalLogReader reader(log);
  int intervals = 0;
  int failures = 0;
  std::string want;
  while (std::getline(expected, want)) {
    const auto rec = reader.next();
    if (!rec) {
      std::cerr << "rollcall read " << intervals << " intervals, Java wrote more\n";
      return 1;
    }
    ++intervals;
    const std::string got = summary(rec->tag, rec->histogram);
    if (!same_summary(got, want)) {
      std::cerr << "interval " << intervals << ": rollcall read '" << got << "', Java had '" << want << "'\n";
      ++failures;
    }
  }
  if (reader.next()) {
    std::cerr << "rollcall read more intervals than Java wrote\n";
    return 1;
  }
  if (!reader.start_time()) {
    std::cerr << "rollcall did not see Java's StartTime\n";
    return 1;
  }
  std::cout << "rollcall read " << intervals << " intervals written by HdrHistogram Java, " << failures
            << " mismatches\n";
  return failures == 0 && intervals > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: hlog_interop write|read <log> <expected>\n";
    return 2;
  }
  const std::string mode = argv[1];
  try {
    if (mode == "write") return write_log(argv[2], argv[3]);
    if (mode == "read") return read_log(argv[2], argv[3]);
  } catch (const std::exception& e) {
    std::cerr << "hlog_interop: " << e.what() << '\n';
    return 1;
  }
  std::cerr << "hlog_interop: unknown mode " << mode << '\n';
  return 2;
}
