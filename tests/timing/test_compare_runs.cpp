// rollcall compare on real runs: the same load against the same ENT twice
// is no regression; against an ENT whose login got slower, it is.
#include <filesystem>

#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

// A run of one request per journey (the CAS login page) at 10 journeys/s
// for 12 s: the statistical test needs at least eight intervals per side,
// and a light journey keeps the generator healthy even in the sanitized
// build, whose intervals would otherwise be left out as invalid.
std::string run_against(const std::string& name, std::chrono::milliseconds login_page) {
  sim::Config c;
  c.port = 0;
  c.workers = 64;
  c.service_time[static_cast<std::size_t>(sim::Endpoint::login_form)] = login_page;
  sim::Simulator ent(c);
  ent.start();
  const std::string file = write_file(test_dir("scenario-" + name), "scenario.yaml",
                                      "target: " + ent.url() + "\n"
                                      "personas:\n"
                                      "  student: {flow: [{get: /cas/login, name: login-page}]}\n");
  auto run = run_scenario(name, file, {"--target", ent.url(), "--rate", "10", "-d", "12s", "-q"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  return (std::filesystem::current_path() / "test-output" / ("run-" + name) / "results").string();
}

}  // namespace

TEST_CASE("compare finds no regression between two runs of the same ENT and one against a slower login") {
  const std::string baseline = run_against("compare-base", 20ms);
  const std::string again = run_against("compare-again", 20ms);
  const std::string slower = run_against("compare-slower", 80ms);

  // Steps of a millisecond or two move by more than 10% when other tests
  // share the two cores: the same ENT twice is judged with 30%.
  const auto same = run_rollcall({"compare", baseline, again, "--tolerance", "30%"});
  INFO(same.out << same.err);
  CHECK(same.exit_code == 0);

  const auto worse = run_rollcall({"compare", baseline, slower, "--json"});
  INFO(worse.out << worse.err);
  CHECK(worse.exit_code == 1);
  CHECK(worse.out.find("login-page") != std::string::npos);
  CHECK(worse.out.find("\"regression\":true") != std::string::npos);
}
