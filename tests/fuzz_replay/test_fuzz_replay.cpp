// Every input the fuzzers keep in the repository, seeds and regressions
// alike, replayed through the harnesses with the ordinary sanitized build:
// an input that once crashed a harness stays a test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.hpp"

namespace {

using Harness = int (*)(const std::uint8_t*, std::size_t);

std::vector<std::filesystem::path> inputs_of(const std::string& name) {
  std::vector<std::filesystem::path> files;
  for (const char* kind : {"corpus", "regressions"}) {
    const std::filesystem::path dir = std::filesystem::path(ROLLCALL_SOURCE_DIR) / "tests/fuzz" / kind / name;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.is_regular_file()) files.push_back(entry.path());
  }
  return files;
}

void replay(const std::string& name, Harness harness) {
  const auto files = inputs_of(name);
  REQUIRE(!files.empty());
  for (const auto& file : files) {
    INFO("input: " << file.string());
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    try {
      harness(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    } catch (const rollcall::fuzz::InvariantBroken& e) {
      FAIL("invariant broken: " << e.what);
    }
  }
}

}  // namespace

TEST_CASE("fuzz inputs: response reader", "[fuzz]") { replay("response_reader", fuzz_response_reader); }
TEST_CASE("fuzz inputs: HTML pre-scan", "[fuzz]") { replay("html", fuzz_html); }
TEST_CASE("fuzz inputs: cookie jar", "[fuzz]") { replay("cookie_jar", fuzz_cookie_jar); }
TEST_CASE("fuzz inputs: CSV", "[fuzz]") { replay("csv", fuzz_csv); }
TEST_CASE("fuzz inputs: templates", "[fuzz]") { replay("template", fuzz_template); }
TEST_CASE("fuzz inputs: scenario loader", "[fuzz]") { replay("scenario_yaml", fuzz_scenario_yaml); }
TEST_CASE("fuzz inputs: results stream", "[fuzz]") { replay("results_stream", fuzz_results_stream); }
TEST_CASE("fuzz inputs: histogram log", "[fuzz]") { replay("hlog", fuzz_hlog); }
TEST_CASE("fuzz inputs: URL resolution", "[fuzz]") { replay("url", fuzz_url); }
TEST_CASE("fuzz inputs: simulator requests", "[fuzz]") { replay("sim_request", fuzz_sim_request); }
TEST_CASE("fuzz inputs: content codings", "[fuzz]") { replay("content_coding", fuzz_content_coding); }
TEST_CASE("fuzz inputs: HAR import", "[fuzz]") { replay("har", fuzz_har); }
