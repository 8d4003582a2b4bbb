// The live status's CI line: every ten seconds, the figures of those ten
// seconds, not of the last one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

#include "engine/journey_stats.hpp"
#include "report/live_status.hpp"

using namespace rollcall;
using engine::Outcome;

namespace {

// One second of a login step: `requests` answers, `errors` of them 5xx.
engine::JourneyStats second_of(std::uint64_t requests, std::uint64_t errors) {
  engine::JourneyStats s;
  s.set_personas({"student"});
  auto& login = s.step("login");
  for (std::uint64_t i = 0; i < requests; ++i) {
    const bool bad = i < errors;
    login.add(bad ? Outcome::http_error : Outcome::success, bad ? http::Failure::http_5xx : http::Failure::none);
    login.latency.record(bad ? 900'000 : 10'000);
  }
  s.requests = requests;
  s.arrivals = requests;
  s.users_running = 7;
  return s;
}

// What the status wrote to its stream so far.
std::string written(std::FILE* f) {
  std::fflush(f);
  std::string text(static_cast<std::size_t>(std::ftell(f)), '\0');
  std::rewind(f);
  const auto n = std::fread(text.data(), 1, text.size(), f);
  text.resize(n);
  std::fseek(f, 0, SEEK_END);
  return text;
}

void feed(report::LiveStatus& status, std::size_t index, const engine::JourneyStats& stats) {
  status.update(engine::IntervalReport{index, static_cast<double>(index), 1.0, stats, 0.1, 1.0});
}

}  // namespace

TEST_CASE("live status: the CI line sums up its ten seconds, not the last one") {
  std::FILE* out = std::tmpfile();
  REQUIRE(out);
  {
    report::LiveStatus status(report::LiveStatus::Mode::lines, out, false, 60);
    const auto good = second_of(100, 0);
    const auto bad = second_of(100, 50);
    for (std::size_t i = 0; i < 9; ++i) feed(status, i, good);
    CHECK(written(out).empty());  // nothing before the tenth second
    feed(status, 9, bad);
    const std::string line = written(out);
    INFO(line);
    // 50 errors in the 1,000 answers of the ten seconds: 5%, not the last second's 50%.
    CHECK(line.rfind("rollcall 0:10 (last 10 s): 100.0 arrivals/s, 100.0 req/s, 7 under way, errors 50 (5.0%)", 0) == 0);
    CHECK(line.find("CPU 10%") != std::string::npos);
    // p95 of the ten seconds: 950 good answers at 10 ms and 50 slow ones at
    // 900 ms put the 95th percentile among the good.
    CHECK(line.find("slowest login p95 10") != std::string::npos);
    CHECK(std::count(line.begin(), line.end(), '\n') == 1);

    // The end of the run writes the seconds since the last line.
    for (std::size_t i = 10; i < 13; ++i) feed(status, i, bad);
    status.finish();
    const std::string all = written(out);
    const std::string last = all.substr(line.size());
    INFO(last);
    CHECK(last.rfind("rollcall 0:13 (last 3 s): 100.0 arrivals/s, 100.0 req/s, 7 under way, errors 150 (50.0%)", 0) == 0);
  }
  std::fclose(out);
}
