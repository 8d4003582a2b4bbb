// The proof that a test spread over machines is the test on one machine:
// three local processes, each given --segment k/3 and one --start-at,
// against one process carrying the whole load. Merged totals equal the
// single run's, the merged histograms are the union of the segments'
// samples bit for bit, no account is logged in by two segments, and the
// merged staircase's verdict is within one rung of the single machine's
// search.
#include <cmath>
#include <future>
#include <set>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "common/instant.hpp"
#include "integration/run_helpers.hpp"
#include "report/results_stream.hpp"
#include "sim/capacity.hpp"
#include "sim/simulator.hpp"
#include "support/stub_server.hpp"

using namespace rollcall;
using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

constexpr int kSegments = 3;

std::string at_text(double epoch_s) { return fmt::format("{:.3f}", epoch_s); }

// A start instant far enough ahead for three processes to load their
// scenario and check their clocks on a loaded machine.
double shared_start() { return std::round((epoch_now() + 4) * 1000) / 1000; }

// The accounts named in a server's request lines ("GET /home?account=a017 ...").
std::multiset<std::string> accounts_seen(const StubServer& server) {
  std::multiset<std::string> out;
  for (const auto& line : server.request_lines()) {
    const auto at = line.find("account=");
    if (at == std::string::npos) continue;
    const auto end = line.find(' ', at);
    out.insert(line.substr(at + 8, end - at - 8));
  }
  return out;
}

// The latency histogram of every step of a results stream, run total.
std::map<std::string, metrics::Histogram> step_histograms(const std::string& dir) {
  std::map<std::string, metrics::Histogram> out;
  for (auto& s : report::read_results_file(dir + "/results.jsonl").step_totals) out.emplace(s.step, s.latency);
  return out;
}

bool same_counts(const metrics::Histogram& a, const metrics::Histogram& b) {
  if (a.count() != b.count() || a.min() != b.min() || a.max() != b.max()) return false;
  for (std::size_t i = 0; i < a.counts_length(); ++i)
    if (a.count_at_index(i) != b.count_at_index(i)) return false;
  return true;
}

}  // namespace

TEST_CASE("three segments from one instant add up to one machine's run, account by account and sample by sample") {
  // 60 accounts, each used at most once (unique): the segments own the rows
  // r with r mod 3 = k-1 and must never log the same account in.
  const std::string dir = test_dir("distributed-proof-run");
  std::string rows = "account\n";
  for (int i = 0; i < 60; ++i) rows += fmt::format("a{:03}\n", i);
  write_file(dir, "accounts.csv", rows);
  StubServer single_target;
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + single_target.url() + "\n"
                               "personas:\n"
                               "  student:\n"
                               "    feeder: {file: accounts.csv, mode: unique}\n"
                               "    flow:\n"
                               "      - {get: \"/home?account=${account}\", name: home}\n"
                               "      - {get: /homework, name: homework}\n");
  const std::vector<std::string> load{"--rate", "12", "-d", "4s", "--seed", "7", "-t", "1", "-q", "--no-default-slo"};

  // Each segment has its own server, so that what each one asked is known.
  std::vector<std::unique_ptr<StubServer>> targets;
  for (int k = 0; k < kSegments; ++k) targets.push_back(std::make_unique<StubServer>());
  const double at = shared_start();
  std::vector<std::future<ProcessResult>> running;
  for (int k = 1; k <= kSegments; ++k) {
    std::vector<std::string> argv{"run", file, "--target", targets[k - 1]->url(), "--segment", fmt::format("{}/{}", k, kSegments),
                                  "--start-at", at_text(at), "--out", fmt::format("{}/segment-{}", dir, k)};
    argv.insert(argv.end(), load.begin(), load.end());
    std::filesystem::remove_all(fmt::format("{}/segment-{}", dir, k));
    running.push_back(std::async(std::launch::async, [argv] { return run_rollcall(argv, std::chrono::seconds(120)); }));
  }
  std::filesystem::remove_all(dir + "/single");
  std::vector<std::string> argv{"run", file, "--out", dir + "/single"};
  argv.insert(argv.end(), load.begin(), load.end());
  const auto single = run_rollcall(argv, std::chrono::seconds(120));
  REQUIRE(single.exit_code == 0);
  for (auto& r : running) {
    const auto done = r.get();
    INFO(done.err);
    REQUIRE(done.exit_code == 0);
  }

  // No account logged in by two segments, none twice; together they used
  // exactly the accounts the single machine used.
  std::multiset<std::string> together;
  for (int k = 0; k < kSegments; ++k) {
    const auto mine = accounts_seen(*targets[k]);
    CHECK(std::set<std::string>(mine.begin(), mine.end()).size() == mine.size());
    for (const auto& a : mine) {
      INFO("segment " << k + 1 << " logged " << a << " in");
      CHECK(together.count(a) == 0);
      CHECK((std::stoi(a.substr(1)) % kSegments) == k);  // its own rows
    }
    together.insert(mine.begin(), mine.end());
  }
  const auto alone = accounts_seen(single_target);
  CHECK(together == alone);
  CHECK(alone.size() == 48);  // 12/s for 4 s

  // The merge adds up to the single machine's totals.
  std::vector<std::string> merge{"merge"};
  for (int k = 1; k <= kSegments; ++k) merge.push_back(fmt::format("{}/segment-{}", dir, k));
  std::filesystem::remove_all(dir + "/merged");
  merge.insert(merge.end(), {"--out", dir + "/merged", "--lang", "en"});
  const auto merged = run_rollcall(merge);
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  const auto m = read_json(dir + "/merged/summary.json"), s = read_json(dir + "/single/summary.json");
  CHECK(number(m.at("generators")) == kSegments);
  CHECK(number(m.at("arrivals").as_object().at("offered")) == number(s.at("arrivals").as_object().at("offered")));
  for (const char* key : {"journeys_started", "requests"})
    CHECK(number(m.at("accounting").as_object().at(key)) == Approx(number(s.at("accounting").as_object().at(key))).margin(2));
  CHECK(number(m.at("accounting").as_object().at("difference")) == 0);

  // Bit for bit: each merged histogram is the segments' samples added.
  const auto merged_histograms = step_histograms(dir + "/merged");
  REQUIRE(merged_histograms.size() == 2);
  for (const auto& [step, histogram] : merged_histograms) {
    INFO(step);
    metrics::Histogram sum = histogram;
    sum.reset();
    for (int k = 1; k <= kSegments; ++k) sum.merge(step_histograms(fmt::format("{}/segment-{}", dir, k)).at(step));
    CHECK(sum.count() > 0);
    CHECK(same_counts(sum, histogram));
  }
}

// The built-in ENT's login page on 4 workers at 50 ms: 80 journeys/s by
// construction. One machine searches it (staircase and bisection); three
// segments climb a fixed staircase of 10/s rungs, and the merge judges it.
TEST_CASE("the merged staircase of three segments finds the single machine's saturation point within one rung") {
  sim::Config config;
  config.port = 0;
  config.workers = 4;
  config.queue = 8;
  config.service_time[static_cast<std::size_t>(sim::Endpoint::login_form)] = 50ms;
  const double c = *sim::describe_capacity(config).endpoint(sim::Endpoint::login_form).max_requests_per_s;
  REQUIRE(c == Approx(80));
  sim::Simulator ent(config);
  ent.start();
  const std::string dir = test_dir("distributed-proof-capacity");
  const auto file = write_file(dir, "scenario.yaml",
                               "target: " + ent.url() + "\n"
                               "personas:\n"
                               "  student:\n"
                               "    flow:\n"
                               "      - {get: /cas/login, name: login-page, expect: {status: 200}}\n");
  const std::vector<std::string> search{"--start-rate", "60", "--increment", "10", "--max-rate", "100", "--hold", "4s",
                                        "--transient", "1s", "--warmup", "0", "--no-recovery-check", "--tail-samples",
                                        "5", "--arrivals", "uniform", "--slo", "login-page.p95 < 100ms",
                                        // Rungs of seconds: `errors < 1%` would need 400 requests a rung.
                                        "--slo", "errors < 10%", "-t", "1", "-q"};

  std::filesystem::remove_all(dir + "/single");
  std::vector<std::string> argv{"capacity", file, "--out", dir + "/single", "--json", dir + "/single.json"};
  argv.insert(argv.end(), search.begin(), search.end());
  const auto single = run_rollcall(argv, std::chrono::seconds(300));
  INFO(single.out << single.err);
  REQUIRE(single.exit_code == 0);
  const double alone = number(read_json(dir + "/single.json").at("saturation").as_object().at("rate_per_s"));
  CHECK(alone >= 0.85 * c);

  const double at = shared_start();
  std::vector<std::future<ProcessResult>> running;
  for (int k = 1; k <= kSegments; ++k) {
    std::vector<std::string> seg{"capacity", file, "--segment", fmt::format("{}/{}", k, kSegments), "--start-at", at_text(at),
                                 "--out", fmt::format("{}/segment-{}", dir, k)};
    seg.insert(seg.end(), search.begin(), search.end());
    std::filesystem::remove_all(fmt::format("{}/segment-{}", dir, k));
    running.push_back(std::async(std::launch::async, [seg] { return run_rollcall(seg, std::chrono::seconds(300)); }));
  }
  for (auto& r : running) {
    const auto done = r.get();
    INFO(done.out << done.err);
    CHECK(done.exit_code != 2);
  }
  std::vector<std::string> merge{"merge"};
  for (int k = 1; k <= kSegments; ++k) merge.push_back(fmt::format("{}/segment-{}", dir, k));
  std::filesystem::remove_all(dir + "/merged");
  merge.insert(merge.end(), {"--out", dir + "/merged", "--lang", "en"});
  const auto merged = run_rollcall(merge);
  INFO(merged.out << merged.err);
  const auto summary = read_json(dir + "/merged/summary.json");
  const auto& saturation = summary.at("capacity").as_object().at("saturation").as_object();
  const double together = number(saturation.at("rate_per_s"));
  INFO("single machine " << alone << "/s, merged staircase " << together << "/s");
  CHECK(std::abs(together - alone) <= 10 + 1e-9);
  CHECK(number(summary.at("generators")) == kSegments);
}
