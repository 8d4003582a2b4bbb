#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include <boost/json/parse.hpp>

#include "metrics/hlog.hpp"
#include "report/results_stream.hpp"
#include "report/summary_json.hpp"
#include "support/process.hpp"
#include "stream_files.hpp"
#include "synthetic.hpp"

using namespace rollcall::report;
using rollcall::test::SyntheticOptions;
using rollcall::test::synthetic_results;

namespace {

std::string write_stream(const Results& r, const std::string& name, bool with_end = true) {
  return rollcall::test::write_results_dir(r, rollcall::test::test_dir(name), with_end);
}

}  // namespace

TEST_CASE("results stream round trip keeps every record and merges histograms exactly") {
  SyntheticOptions o;
  o.seconds = 720;
  o.capacity = true;
  o.rung_s = 120;
  const Results written = synthetic_results(o);
  const Results read = read_results_file(write_stream(written, "stream_round_trip"));

  CHECK_FALSE(read.truncated_tail);
  CHECK(read.run.kind == "capacity");
  CHECK(read.run.steps == written.run.steps);
  CHECK(read.run.personas == written.run.personas);
  CHECK(read.run.started_at == written.run.started_at);
  CHECK(read.run.config == written.run.config);
  REQUIRE(read.intervals.size() == 720);
  CHECK(read.intervals[100].steps[2].outcomes == written.intervals[100].steps[2].outcomes);
  CHECK(read.intervals[100].steps[2].latency.p95_us == written.intervals[100].steps[2].latency.p95_us);
  CHECK(read.intervals[599].generator.valid == false);
  CHECK(read.intervals[599].generator.invalid_reason == "loop lag p99 above 50 ms");
  REQUIRE(read.capacity_steps.size() == 6);
  CHECK(read.capacity_steps[1].verdict == Verdict::invalid);
  CHECK(read.capacity_steps[5].verdict == Verdict::fail);
  REQUIRE(read.saturation);
  CHECK(read.saturation->rate_per_s == Approx(40));
  CHECK(read.saturation->usl->kappa == Approx(0.00002));
  CHECK(read.saturation->plan->required_per_s == Approx(40));
  REQUIRE(read.objectives.size() == 2);
  CHECK_FALSE(read.objectives[0].passed);
  REQUIRE(read.end);
  CHECK(read.end->exit_code == 1);

  REQUIRE(read.step_totals.size() == written.step_totals.size());
  for (std::size_t i = 0; i < read.step_totals.size(); ++i) {
    const auto& a = read.step_totals[i];
    const auto& b = written.step_totals[i];
    CHECK(a.step == b.step);
    CHECK(a.count() == 720u * 20u);
    CHECK(a.latency.count() == b.latency.count());
    // An exact merge: every bucket matches, so every percentile does.
    for (std::size_t k = 0; k < a.latency.counts_length(); ++k)
      if (a.latency.count_at_index(k) != b.latency.count_at_index(k)) FAIL("bucket " << k << " of " << a.step);
    CHECK(a.latency.percentile(99) == b.latency.percentile(99));
    CHECK(a.max_us == b.max_us);
  }
  CHECK(read.step_totals[0].failures.at("http_5xx") == written.step_totals[0].failures.at("http_5xx"));
  CHECK(read.persona_totals[1].started == 720u * 5u);
}

TEST_CASE("results stream cut mid-line by a crash reads up to the last whole interval") {
  SyntheticOptions o;
  o.seconds = 30;
  const Results written = synthetic_results(o);
  const std::string path = write_stream(written, "stream_torn", false);
  // What SIGKILL during a write leaves: half a line, no newline.
  std::string text = rollcall::test::read_file(path);
  const auto last_start = text.rfind('\n', text.size() - 2) + 1;
  const std::string half = text.substr(last_start, (text.size() - last_start) / 2);
  { std::ofstream(path, std::ios::app) << half; }

  const Results read = read_results_file(path);
  CHECK(read.truncated_tail);
  CHECK(read.intervals.size() == 30);
  CHECK_FALSE(read.end);
  CHECK(read.step_totals[0].count() == 30u * 20u);
}

TEST_CASE("results stream with a zero-filled tail after a power loss still reads") {
  SyntheticOptions o;
  o.seconds = 5;
  const std::string path = write_stream(synthetic_results(o), "stream_zeros", false);
  { std::ofstream(path, std::ios::app) << std::string(64, '\0'); }
  const Results read = read_results_file(path);
  CHECK(read.truncated_tail);
  CHECK(read.intervals.size() == 5);
}

TEST_CASE("results stream with a corrupt line in the middle is an error naming the line") {
  SyntheticOptions o;
  o.seconds = 5;
  const Results written = synthetic_results(o);
  std::stringstream text(rollcall::test::read_file(write_stream(written, "stream_corrupt")));
  std::string all = text.str();
  const auto third = all.find('\n', all.find('\n', all.find('\n') + 1) + 1) + 1;
  all.insert(third, "{\"type\": \"interval\", garbage\n");
  std::istringstream in(all);
  REQUIRE_THROWS_WITH(read_results_stream(in), Catch::Contains("line 4"));
}

TEST_CASE("results stream that is not one is refused") {
  std::istringstream in("{\"schema\":\"rollcall.run/1\",\"steps\":[]}\n");
  REQUIRE_THROWS_WITH(read_results_stream(in), Catch::Contains("rollcall results stream"));
  std::istringstream empty("");
  REQUIRE_THROWS(read_results_stream(empty));
}

TEST_CASE("results stream ignores records and outcome classes it does not know") {
  std::istringstream in(
      "{\"type\":\"run\",\"schema\":\"rollcall.results/1\",\"steps\":[\"a\"],\"personas\":[]}\n"
      "{\"type\":\"future_record\",\"x\":1}\n"
      "{\"type\":\"interval\",\"t_s\":0,\"steps\":[{\"name\":\"a\",\"outcomes\":{\"success\":3,\"teleported\":2,\"queued\":1},\"max_us\":0}]}\n");
  const Results r = read_results_stream(in);
  REQUIRE(r.intervals.size() == 1);
  CHECK(r.step_totals[0].count() == 4);
  CHECK(r.step_totals[0].outcomes[static_cast<std::size_t>(Outcome::queued)] == 1);
}

TEST_CASE("results stream keeps percentiles at the exact max a histogram bucket would round up") {
  rollcall::metrics::Histogram h;
  h.record(1'000'003);  // its bucket spans 512 µs
  Results r;
  r.run.steps = {"slow"};
  Interval in;
  StepInterval s;
  s.step = "slow";
  s.outcomes[0] = 1;
  set_histogram(s, h);
  in.steps.push_back(s);
  r.intervals.push_back(in);
  r.end = RunEnd{1, false, 0, "errors < 1%", 12};
  const Results read = read_results_file(rollcall::test::write_results_dir(r, rollcall::test::test_dir("stream_exact_max")));
  CHECK(read.intervals[0].steps[0].latency.p99_us == 1'000'003);
  CHECK(read.intervals[0].steps[0].latency.max_us == 1'000'003);
  CHECK(read.step_totals[0].percentile(99) == 1'000'003);
  CHECK(read.step_totals[0].latency.percentile(99) > 1'000'003);  // what the cap is for
  // The end record keeps the objective that ended the run early.
  REQUIRE(read.end);
  CHECK(read.end->aborted_by == "errors < 1%");
  CHECK(read.end->aborted_after_s == 12);
}

TEST_CASE("results stream writer redacts the configuration whoever filled it") {
  Results r;
  r.run.steps = {"a"};
  r.run.config = boost::json::object{{"login", {{"password", "hunter2"}}}, {"rate", 3}};
  const std::string path = rollcall::test::write_results_dir(r, rollcall::test::test_dir("stream_redacts"));
  CHECK(rollcall::test::read_file(path).find("hunter2") == std::string::npos);
  const Results read = read_results_file(path);
  CHECK(read.run.config.at("login").at("password").as_string() == "***");
  CHECK(read.run.config.at("rate").as_int64() == 3);
}

TEST_CASE("results stream keeps each line's bytes read and decoded, and summary.json sums them") {
  SyntheticOptions o;
  o.seconds = 30;
  Results written = synthetic_results(o);
  std::uint64_t read_total = 0, decoded_total = 0;
  for (std::size_t i = 0; i < written.intervals.size(); ++i)
    for (std::size_t k = 0; k < written.intervals[i].steps.size(); ++k) {
      auto& s = written.intervals[i].steps[k];
      s.bytes_read = 1000 * (i + 1) + k;
      s.decoded_bytes = k == 0 ? 0 : 5000 * (i + 1) + k;  // a line that keeps no body decodes nothing
      read_total += s.bytes_read;
      decoded_total += s.decoded_bytes;
    }
  const Results read = read_results_file(write_stream(written, "stream_bytes"));
  REQUIRE(read.intervals.size() == 30);
  CHECK(read.intervals[7].steps[1].bytes_read == 8001);
  CHECK(read.intervals[7].steps[1].decoded_bytes == 40001);
  CHECK(read.intervals[7].steps[0].decoded_bytes == 0);
  std::uint64_t line0 = 0;
  for (std::size_t i = 0; i < 30; ++i) line0 += 1000 * (i + 1);
  CHECK(read.step_totals[0].bytes_read == line0);
  CHECK(read.step_totals[0].decoded_bytes == 0);
  const auto summary = boost::json::parse(summary_json(read)).as_object();
  CHECK(summary.at("bytes_read").to_number<std::uint64_t>() == read_total);
  CHECK(summary.at("decoded_bytes").to_number<std::uint64_t>() == decoded_total);
  CHECK(summary.at("steps").as_array()[0].as_object().at("bytes_read").to_number<std::uint64_t>() == line0);
}
