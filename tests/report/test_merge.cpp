// `rollcall merge`: segments of a distributed run, made up here as the
// contract describes their streams (docs/results-format.md, "Merging
// segments"), put back together.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "metrics/hlog.hpp"
#include "report/merge.hpp"
#include "report/merge_intervals.hpp"
#include "report/results_stream.hpp"
#include "stream_files.hpp"
#include "support/process.hpp"

using namespace rollcall;
using namespace rollcall::report;
using rollcall::test::read_file;
using rollcall::test::run_rollcall;
using rollcall::test::test_dir;
using rollcall::test::write_results_dir;

namespace {

constexpr double kStart = 1'796'459'400.0;  // 2026-12-05T08:30:00Z

// Values over many magnitudes, 1 µs to an hour and beyond (overflow): every
// bucket width of the layout is exercised.
std::vector<std::int64_t> spread_values(std::uint32_t seed, int n) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> exponent(0.0, 9.8);  // 10^0 .. 10^9.8 µs
  std::vector<std::int64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<std::int64_t>(std::pow(10.0, exponent(rng))));
  out.push_back(0);
  out.push_back(1);
  out.push_back(2047);
  out.push_back(2048);
  return out;
}

struct SegmentShape {
  int index = 1, count = 2;
  bool numbered = true;          // writes the `segment` field
  double started_at = kStart;
  int seconds = 10;
  double latency_us = 50'000;    // login's latency, per rung with `capacity`
  std::uint32_t seed = 1;
  std::string scenario = "scenarios/morning-rush.yaml";
  double interval_s = 1;
  std::vector<int> invalid_seconds;  // intervals where this generator was the bottleneck
  std::vector<std::int64_t>* recorded = nullptr;  // every login latency, for the union
  // A capacity staircase instead: each rung `rung_s` long at the whole
  // run's rate (this segment carries 1/count of it), login's latency per rung.
  std::vector<double> rung_rates, rung_latency_us;
  int rung_s = 20;
  std::vector<int> invalid_rungs;  // rungs where this generator could not offer its share
  std::vector<int> missing_rungs;  // rungs this segment has no record of
};

// One segment of a run at 10 journeys/s per segment, two steps and two personas.
Results segment(const SegmentShape& s) {
  Results r;
  r.run.kind = "run";
  r.run.scenario = s.scenario;
  r.run.target = "http://127.0.0.1:8080";
  r.run.rollcall_version = "0.1.0";
  r.run.host = fmt::format("injector-{}", s.index);
  r.run.started_at = s.started_at;
  r.run.interval_s = s.interval_s;
  r.run.steps = {"login", "portal"};
  r.run.personas = {"student", "parent"};
  r.run.config = boost::json::object{{"personas", boost::json::array{boost::json::object{{"name", "student"}, {"weight", 3}},
                                                                     boost::json::object{{"name", "parent"}, {"weight", 1}}}}};
  if (s.numbered) r.run.segment = SegmentId{s.index, s.count};
  const bool capacity = !s.rung_rates.empty();
  if (capacity) r.run.kind = "capacity";
  const int seconds = capacity ? s.rung_s * static_cast<int>(s.rung_rates.size()) : s.seconds;
  std::mt19937_64 rng(s.seed);
  std::exponential_distribution<double> wait(1.0);
  for (int t = 0; t < seconds; ++t) {
    const auto rung = static_cast<std::size_t>(t / s.rung_s);
    const double offered = capacity ? s.rung_rates[rung] / s.count : 10;
    const double latency_us = capacity ? s.rung_latency_us[rung] : s.latency_us;
    const std::uint64_t errors = capacity ? 0 : 1;
    Interval in;
    in.t_s = t * s.interval_s;
    in.length_s = s.interval_s;
    in.offered_per_s = offered;
    in.achieved_per_s = offered;
    for (const char* name : {"login", "portal"}) {
      StepInterval si;
      si.step = name;
      metrics::Histogram h;
      const double base = std::string(name) == "login" ? latency_us : 20'000;
      for (int k = 0; k < 10; ++k) {
        const auto v = static_cast<std::int64_t>(base * (0.5 + wait(rng)));
        h.record(v);
        if (s.recorded && std::string(name) == "login") s.recorded->push_back(v);
      }
      si.outcomes[static_cast<std::size_t>(Outcome::success)] = 10 - errors;
      si.outcomes[static_cast<std::size_t>(Outcome::http_error)] = errors;
      if (errors) si.failures["http_5xx"] = errors;
      si.bytes_read = 1000 + static_cast<std::uint64_t>(s.index);
      set_histogram(si, h);
      in.steps.push_back(std::move(si));
    }
    for (const char* name : {"student", "parent"}) {
      PersonaInterval p;
      p.persona = name;
      const auto half = static_cast<std::uint64_t>(std::string(name) == "student" ? std::ceil(offered / 2) : std::floor(offered / 2));
      p.started = half;
      p.completed = half;
      p.requests = 10;
      p.errors = errors;
      if (errors) p.failures["http_5xx"] = errors;
      metrics::Histogram j;
      for (std::uint64_t k = 0; k < half; ++k) j.record(static_cast<std::int64_t>(2 * latency_us * (0.5 + wait(rng))));
      p.journey_histogram = metrics::encode_compressed_base64(j);
      in.personas.push_back(std::move(p));
    }
    in.generator.loop_lag_p99_ms = 0.5 * s.index;
    in.generator.cpu_percent = 20.0 * s.index;
    in.generator.lateness_p99_ms = 1;
    if (std::find(s.invalid_seconds.begin(), s.invalid_seconds.end(), t) != s.invalid_seconds.end()) {
      in.generator.valid = false;
      in.generator.invalid_reason = "event-loop lag p99 30.0 ms above 20 ms";
      in.generator.loop_lag_p99_ms = 30;
    }
    in.accounting = IntervalAccounting{20, 0, 0, 0, 0};
    in.users_running = 3;
    r.intervals.push_back(std::move(in));
  }
  const std::vector<std::string> judged =
      capacity ? std::vector<std::string>{"login.p95 < 200ms", "errors < 1%", "rejected < 5%", "achieved >= 95% of offered"}
               : std::vector<std::string>{"errors < 20%"};
  for (const auto& name : judged) {
    Objective o;
    o.name = name;
    r.objectives.push_back(o);
  }
  for (std::size_t k = 0; k < s.rung_rates.size(); ++k) {
    const int index = static_cast<int>(k);
    if (std::find(s.missing_rungs.begin(), s.missing_rungs.end(), index) != s.missing_rungs.end()) continue;
    CapacityStep step;
    step.index = index;
    step.offered_per_s = s.rung_rates[k];
    step.segment_offered_per_s = s.rung_rates[k] / s.count;
    step.start_s = index * s.rung_s;
    step.end_s = (index + 1) * s.rung_s;
    // The segment's own view, which the merge does not trust: a pass.
    const bool invalid = std::find(s.invalid_rungs.begin(), s.invalid_rungs.end(), index) != s.invalid_rungs.end();
    step.verdict = invalid ? Verdict::invalid : Verdict::pass;
    if (invalid) step.reason = "arrivals started 80.0 ms late (p99), above 50 ms";
    r.capacity_steps.push_back(step);
  }
  r.end = RunEnd{static_cast<double>(seconds) * s.interval_s, false, 0, {}, 0};
  compute_totals(r);
  return r;
}

std::vector<SegmentDir> two_segments(SegmentShape a = {}, SegmentShape b = {}) {
  a.index = 1;
  b.index = 2;
  b.seed = a.seed + 1;
  return {SegmentDir{"seg1", segment(a)}, SegmentDir{"seg2", segment(b)}};
}

const StepTotals& step_named(const Results& r, const std::string& name) {
  for (const auto& s : r.step_totals)
    if (s.step == name) return s;
  FAIL("no step " << name);
  return r.step_totals.front();
}

std::string refusal(const std::vector<SegmentDir>& dirs) {
  try {
    merge_segments(dirs);
  } catch (const MergeRefused& e) {
    return e.what();
  }
  return "merged";
}

}  // namespace

TEST_CASE("added histograms are bit for bit the histogram of the union of the values") {
  metrics::Histogram a, b, c, all;
  const auto va = spread_values(1, 5000), vb = spread_values(2, 300), vc = spread_values(3, 1);
  for (auto v : va) a.record(v), all.record(v);
  for (auto v : vb) b.record(v), all.record(v);
  for (auto v : vc) c.record(v), all.record(v);
  const auto ea = metrics::encode_compressed_base64(a), eb = metrics::encode_compressed_base64(b),
             ec = metrics::encode_compressed_base64(c), empty = std::string();
  const std::string merged = add_histograms({&ea, &empty, &eb, &ec});
  CHECK(merged == metrics::encode_compressed_base64(all));
  const auto decoded = metrics::decode_compressed_base64(merged);
  CHECK(decoded.count() == static_cast<std::int64_t>(va.size() + vb.size() + vc.size()));
  CHECK(decoded.percentile(50) == all.percentile(50));
  CHECK(add_histograms({&empty}).empty());
}

TEST_CASE("merge adds up two segments: counts, histograms, accounting, generators kept per segment") {
  std::vector<std::int64_t> logins;
  SegmentShape a, b;
  a.recorded = b.recorded = &logins;
  auto dirs = two_segments(a, b);
  const auto merged = merge_segments(dirs);
  const Results& m = merged.results;
  CHECK(m.run.generators == 2);
  REQUIRE(m.run.segments.size() == 2);
  CHECK(m.run.segments[1].host == "injector-2");
  CHECK_FALSE(m.run.segment.has_value());
  REQUIRE(m.intervals.size() == 10);
  const auto& in = m.intervals[3];
  CHECK(in.t_s == 3);
  CHECK(in.offered_per_s == 20);
  CHECK(in.accounting->requests == 40);
  CHECK(*in.users_running == 6);
  CHECK(in.generator.segments.size() == 2);
  CHECK(in.generator.segments[1].segment == 2);
  CHECK(in.generator.cpu_percent == 40);  // the worst of 20 and 40
  CHECK(in.generator.valid);

  const auto& login = step_named(m, "login");
  CHECK(login.count() == step_named(dirs[0].results, "login").count() + step_named(dirs[1].results, "login").count());
  CHECK(login.count() == 200);
  CHECK(login.errors() == 20);
  CHECK(login.failures.at("http_5xx") == 20);
  CHECK(login.bytes_read == 10 * 1001 + 10 * 1002);
  metrics::Histogram all;
  for (auto v : logins) all.record(v);
  CHECK(login.latency.count() == static_cast<std::int64_t>(logins.size()));
  CHECK(metrics::encode_compressed_base64(login.latency) == metrics::encode_compressed_base64(all));
  REQUIRE(m.persona_totals.size() == 2);
  CHECK(m.persona_totals[0].started == 100);

  // errors < 20% holds on 10% errors: judged again on the merged data.
  REQUIRE(m.objectives.size() == 1);
  CHECK(m.objectives[0].name == "errors < 20%");
  CHECK(m.objectives[0].passed);
  CHECK(m.objectives[0].samples == 400);
  CHECK(merged.exit_code == 0);
  REQUIRE(m.end);
  CHECK(m.end->exit_code == 0);
  CHECK(merged.notes.empty());
}

TEST_CASE("merge judges objectives on the merged data and marks an interval invalid when any generator was") {
  SegmentShape a, b;
  b.invalid_seconds = {4};
  auto dirs = two_segments(a, b);
  for (auto& d : dirs) {
    d.results.objectives.front().name = "login.p95 < 40ms";  // login's p95 is about 150 ms
  }
  const auto merged = merge_segments(dirs);
  CHECK_FALSE(merged.results.intervals[4].generator.valid);
  CHECK(merged.results.intervals[4].generator.invalid_reason.find("segment 2") != std::string::npos);
  CHECK(merged.results.intervals[4].generator.loop_lag_p99_ms == 30);
  CHECK(merged.results.intervals[3].generator.valid);
  REQUIRE(merged.results.objectives.size() == 1);
  CHECK_FALSE(merged.results.objectives[0].passed);
  CHECK(merged.results.objectives[0].samples == 200);
  CHECK(merged.exit_code == 1);  // one invalid second in ten: the target's failure, not the generators'
}

TEST_CASE("merge aligns intervals on the wall clock") {
  SECTION("starts a fraction of an interval apart share their intervals, silently") {
    SegmentShape a, b;
    b.started_at = kStart + 0.3;
    const auto merged = merge_segments(two_segments(a, b));
    CHECK(merged.results.intervals.size() == 10);
    CHECK(merged.results.run.started_at == kStart);
    CHECK(merged.notes.empty());
  }
  SECTION("a segment started 2.2 s later lands two intervals later, with a warning") {
    SegmentShape a, b;
    b.started_at = kStart + 2.2;
    const auto merged = merge_segments(two_segments(a, b));
    REQUIRE(merged.results.intervals.size() == 12);
    CHECK(merged.results.intervals[0].offered_per_s == 10);
    CHECK(merged.results.intervals[2].offered_per_s == 20);
    CHECK(merged.results.intervals[11].offered_per_s == 10);
    REQUIRE(merged.notes.size() == 1);
    CHECK(merged.notes[0].find("2.200 s after") != std::string::npos);
    CHECK(merged.results.end->duration_s == 12);
  }
  SECTION("segments given in any order are merged in segment order") {
    auto dirs = two_segments();
    std::swap(dirs[0], dirs[1]);
    const auto merged = merge_segments(dirs);
    CHECK(merged.results.run.segments[0].host == "injector-1");
    CHECK(merged.results.intervals[0].generator.segments[0].segment == 1);
  }
}

TEST_CASE("merge refuses directories that are not segments of one run, naming the directory") {
  SECTION("another scenario") {
    SegmentShape a, b;
    b.scenario = "scenarios/other.yaml";
    const auto why = refusal(two_segments(a, b));
    CHECK(why.starts_with("seg2: scenario scenarios/other.yaml differs"));
  }
  SECTION("another interval") {
    SegmentShape a, b;
    b.interval_s = 2;
    CHECK(refusal(two_segments(a, b)).starts_with("seg2: interval of 2 s differs"));
  }
  SECTION("the same segment twice") {
    SegmentShape a, b;
    auto dirs = two_segments(a, b);
    dirs[1].results.run.segment = SegmentId{1, 2};
    CHECK(refusal(dirs).starts_with("seg2: segment 1/2 again: seg1 is segment 1/2 too"));
  }
  SECTION("a segment missing") {
    SegmentShape a, b;
    a.count = b.count = 3;
    CHECK(refusal(two_segments(a, b)).starts_with("seg1: segment 1/3, but 2 directories given"));
  }
  SECTION("a segment beside a run that is not one") {
    SegmentShape a, b;
    b.numbered = false;
    CHECK(refusal(two_segments(a, b)).starts_with("seg2: is not a segment"));
  }
  SECTION("a merged run") {
    auto dirs = two_segments();
    dirs[0].results.run.generators = 2;
    CHECK(refusal(dirs).starts_with("seg1: already a merged run"));
  }
  SECTION("one run without a segment number, alone") {
    SegmentShape a;
    a.numbered = false;
    CHECK(refusal({SegmentDir{"alone", segment(a)}}).starts_with("alone: not a segment"));
  }
}

TEST_CASE("runs without a segment number are merged in the order given, and the user is told") {
  SegmentShape a, b;
  a.numbered = b.numbered = false;
  const auto merged = merge_segments(two_segments(a, b));
  CHECK(merged.results.run.generators == 2);
  REQUIRE_FALSE(merged.notes.empty());
  CHECK(merged.notes[0].find("in the order given") != std::string::npos);
}

TEST_CASE("rollcall merge writes a results directory that report and compare read, with its generators") {
  const std::string a = test_dir("merge_cli_a"), b = test_dir("merge_cli_b"), out = test_dir("merge_cli_out") + "/merged";
  const auto dirs = two_segments();
  write_results_dir(dirs[0].results, a);
  write_results_dir(dirs[1].results, b);
  const auto r = run_rollcall({"merge", a, b, "--out", out, "--lang", "en"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("merged 2 generators") != std::string::npos);
  for (const char* file : {"results.jsonl", "summary.json", "latency.hlog", "junit.xml", "report.html"})
    CHECK(std::filesystem::exists(out + "/" + file));
  const auto summary = boost::json::parse(read_file(out + "/summary.json")).as_object();
  CHECK(summary.at("generators").to_number<int>() == 2);
  CHECK(summary.at("segments").as_array().size() == 2);
  CHECK(summary.at("steps").as_array()[0].as_object().at("count").to_number<int>() == 200);
  CHECK(read_file(out + "/report.html").find("2 generators") != std::string::npos);

  // The stream is the source of truth: report rebuilds the same summary from
  // it (but for the last digit of an interval's bound, which Boost.JSON's
  // parser may round differently).
  const auto again = run_rollcall({"report", out, "--lang", "en"});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("2 generators") != std::string::npos);
  const auto rebuilt = boost::json::parse(read_file(out + "/summary.json")).as_object();
  for (const char* key : {"generators", "segments", "steps", "personas", "arrivals", "accounting", "generator", "verdict"})
    CHECK(boost::json::serialize(rebuilt.at(key)) == boost::json::serialize(summary.at(key)));

  const auto compared = run_rollcall({"compare", a, out});
  CHECK(compared.out.find("generators: baseline 1 generator, candidate 2 generators") != std::string::npos);

  // A second merge into the same directory would overwrite the evidence.
  const auto twice = run_rollcall({"merge", a, b, "--out", out});
  CHECK(twice.exit_code == 2);
}

TEST_CASE("rollcall merge on mismatched directories exits 2 with one line naming the directory") {
  const std::string a = test_dir("merge_bad_a"), b = test_dir("merge_bad_b"), out = test_dir("merge_bad_out") + "/merged";
  SegmentShape sa, sb;
  sb.scenario = "scenarios/other.yaml";
  const auto dirs = two_segments(sa, sb);
  write_results_dir(dirs[0].results, a);
  write_results_dir(dirs[1].results, b);
  const auto r = run_rollcall({"merge", a, b, "--out", out});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(b + ": scenario scenarios/other.yaml differs") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(std::filesystem::exists(out + "/results.jsonl"));
}

TEST_CASE("rollcall merge of a segment whose stream was cut merges what it has and says so") {
  const std::string a = test_dir("merge_torn_a"), b = test_dir("merge_torn_b"), out = test_dir("merge_torn_out") + "/merged";
  const auto dirs = two_segments();
  write_results_dir(dirs[0].results, a);
  write_results_dir(dirs[1].results, b, false);
  { std::ofstream(b + "/results.jsonl", std::ios::app) << "{\"type\":\"interval\",\"t_s\":10,\"steps\":[{\"na"; }
  const auto r = run_rollcall({"merge", a, b, "--out", out, "--lang", "en"});
  INFO(r.err);
  CHECK(r.exit_code == 3);  // as `report` says of a run that did not finish
  CHECK(r.err.find("segment 2 (" + b + "): its stream's last line was cut") != std::string::npos);
  CHECK(r.err.find("did not finish") != std::string::npos);
  const auto summary = boost::json::parse(read_file(out + "/summary.json")).as_object();
  CHECK(summary.at("complete").as_bool() == false);
  CHECK(summary.at("steps").as_array()[0].as_object().at("count").to_number<int>() == 200);
}

namespace {

// Two generators, each with half of a staircase at 10, 20 and 40 journeys/s
// whose login p95 (objective < 200 ms) holds at 20/s and breaks at 40/s.
std::vector<SegmentDir> staircase(SegmentShape a = {}, SegmentShape b = {}) {
  for (auto* s : {&a, &b}) {
    s->rung_rates = {10, 20, 40};
    s->rung_latency_us = {25'000, 30'000, 400'000};
  }
  return two_segments(a, b);
}

}  // namespace

TEST_CASE("merge judges a distributed staircase again on the merged rungs") {
  const auto merged = merge_segments(staircase());
  const Results& m = merged.results;
  INFO(fmt::format("{}", fmt::join(merged.notes, "\n")));
  REQUIRE(m.capacity_steps.size() == 3);
  CHECK(m.capacity_steps[0].offered_per_s == 10);
  CHECK(m.capacity_steps[2].offered_per_s == 40);
  CHECK(m.capacity_steps[0].achieved_per_s == Approx(10));  // both halves: the whole rung
  CHECK(m.capacity_steps[0].verdict == Verdict::pass);
  CHECK(m.capacity_steps[1].verdict == Verdict::pass);
  CHECK(m.capacity_steps[2].verdict == Verdict::fail);  // each segment said pass: only the merge judges
  CHECK(m.capacity_steps[2].start_s == 40);
  CHECK(m.capacity_steps[2].end_s == 60);
  REQUIRE(m.saturation);
  CHECK(m.saturation->rate_per_s == 20);
  CHECK(m.saturation->interval[0] == 20);
  CHECK(m.saturation->interval[1] == 40);
  CHECK(m.saturation->limiting_step == "login p95");
  CHECK(m.saturation->reason == "latency");
  CHECK(m.saturation->limiting_line == "login");
  REQUIRE(m.objectives.size() == 4);
  CHECK(m.objectives[0].name == "login.p95 < 200ms");
  CHECK(m.objectives[0].passed);  // at the saturation point
  CHECK(m.objectives[0].limiting);
  REQUIRE(m.objectives[0].at_failing);
  CHECK(m.objectives[0].at_failing->status == "fail");
  CHECK(m.objectives[0].at_failing->samples == 400);  // 20 s of both segments' logins
  CHECK(merged.exit_code == 0);
}

TEST_CASE("a rung where one segment's generator was the bottleneck is invalid: generator-limited") {
  SegmentShape a, b;
  b.invalid_rungs = {1};
  const auto merged = merge_segments(staircase(a, b));
  const Results& m = merged.results;
  REQUIRE(m.capacity_steps.size() == 3);
  CHECK(m.capacity_steps[1].verdict == Verdict::invalid);
  CHECK(m.capacity_steps[1].reason.starts_with("segment 2: arrivals started 80.0 ms late"));
  REQUIRE(m.saturation);
  CHECK(m.saturation->rate_per_s == 20);  // the rate the generators could not offer
  CHECK(m.saturation->limiting_step.empty());
  CHECK(merged.exit_code == 4);
}

TEST_CASE("a rung not every segment ran whole is left out, and the user is told") {
  SegmentShape a, b;
  b.missing_rungs = {2};
  const auto merged = merge_segments(staircase(a, b));
  const Results& m = merged.results;
  REQUIRE(m.capacity_steps.size() == 2);
  REQUIRE(m.saturation);
  CHECK(m.saturation->rate_per_s == 20);
  CHECK(m.saturation->interval[1] == 0);  // nothing failed: no saturation up to 20/s
  REQUIRE(merged.notes.size() == 1);
  CHECK(merged.notes[0] == "capacity rung 2: segment 2 has no record of it (it did not run it whole): left out");
}
