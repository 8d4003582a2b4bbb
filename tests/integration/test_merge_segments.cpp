// Two generators share a run (--segment 1/2 and 2/2, at once, against the
// built-in ENT), and `rollcall merge` puts their results back together:
// the merged totals are the segments' sums, the histograms hold every
// sample, and report.html says two generators carried the load.
#include <future>

#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "report/results_stream.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

// summary.json's step of that name.
const boost::json::object& step_of(const boost::json::object& summary, const std::string& name) {
  for (const auto& s : summary.at("steps").as_array())
    if (s.as_object().at("name").as_string() == name) return s.as_object();
  FAIL("no step " << name);
  return summary;
}

// Samples in a step's merged latency histogram, read back from the stream.
std::int64_t histogram_count(const report::Results& r, const std::string& step) {
  for (const auto& s : r.step_totals)
    if (s.step == step) return s.latency.count();
  return 0;
}

}  // namespace

TEST_CASE("two segments run at once merge into one run with their sums") {
  sim::Config c;
  c.port = 0;
  sim::Simulator ent(c);
  ent.start();
  const std::string base = test_dir("merge-segments");
  auto segment = [&](const std::string& which, const std::string& dir) {
    return run_rollcall({"run", scenario_path("student.yaml"), "--target", ent.url(), "--rate", "6", "-d", "4s", "-t", "1",
                         "-q", "--segment", which, "--slo", "errors < 5%", "--out", dir},
                        std::chrono::seconds(120));
  };
  auto first = std::async(std::launch::async, segment, "1/2", base + "/one");
  auto second = std::async(std::launch::async, segment, "2/2", base + "/two");
  const auto one = first.get(), two = second.get();
  INFO(one.err << two.err);
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);

  const auto merged = run_rollcall({"merge", base + "/two", base + "/one", "--out", base + "/merged", "--lang", "en"});
  INFO(merged.err);
  CHECK(merged.exit_code == 0);
  CHECK(merged.err.find("in the order given") == std::string::npos);  // both carry their segment number

  const auto s1 = read_json(base + "/one/summary.json"), s2 = read_json(base + "/two/summary.json"),
             m = read_json(base + "/merged/summary.json");
  CHECK(number(m.at("generators")) == 2);
  for (const char* key : {"offered", "achieved"})
    CHECK(number(m.at("arrivals").as_object().at(key)) ==
          number(s1.at("arrivals").as_object().at(key)) + number(s2.at("arrivals").as_object().at(key)));
  for (const char* key : {"attempts", "outcomes", "requests", "journeys_started", "journeys_ended"})
    CHECK(number(m.at("accounting").as_object().at(key)) ==
          number(s1.at("accounting").as_object().at(key)) + number(s2.at("accounting").as_object().at(key)));
  CHECK(number(m.at("accounting").as_object().at("difference")) == 0);
  std::size_t steps = 0;
  for (const auto& v : m.at("steps").as_array()) {
    const std::string name(v.as_object().at("name").as_string());
    const double count = number(v.as_object().at("count"));
    CHECK(count == number(step_of(s1, name).at("count")) + number(step_of(s2, name).at("count")));
    ++steps;
  }
  CHECK(steps > 3);
  // Every sample of both segments is in the merged histograms.
  const auto r1 = report::read_results_file(base + "/one/results.jsonl"), r2 = report::read_results_file(base + "/two/results.jsonl"),
             rm = report::read_results_file(base + "/merged/results.jsonl");
  CHECK(rm.run.generators == 2);
  for (const auto& s : rm.step_totals) {
    INFO(s.step);
    CHECK(s.latency.count() == histogram_count(r1, s.step) + histogram_count(r2, s.step));
  }
  CHECK(histogram_count(rm, "login") > 0);
  CHECK(read_file(base + "/merged/latency.hlog").find("Tag=login,") != std::string::npos);
  const std::string html = read_file(base + "/merged/report.html");
  CHECK(html.find("2 generators") != std::string::npos);
}
