// The loader reports, it never throws or crashes: the example scenario,
// mangled in many ways with a fixed seed, must always load or give problems.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include "helpers.hpp"

using namespace rollcall::scenario;
using namespace rollcall::scenario::testing;

TEST_CASE("loader: mangled scenarios give problems, never a crash") {
  const std::string data = std::string(ROLLCALL_SOURCE_DIR) + "/tests/scenario/data/";
  std::ifstream in(data + "morning.yaml");
  std::stringstream original;
  original << in.rdbuf();
  const std::string text = original.str();
  REQUIRE(!text.empty());

  Files files;
  for (const char* name : {"students.csv", "parents.csv", "homework.pdf"}) {
    std::ifstream f(data + name, std::ios::binary);
    std::stringstream content;
    content << f.rdbuf();
    files.write(name, content.str());
  }
  // Characters that matter to YAML and to templates.
  const std::string alphabet = " \t\n:-{}[],'\"#&*!|>%@`${}()0123456789abcxyz~/\\";
  std::mt19937_64 rng(2021);
  int loaded = 0, refused = 0;
  for (int i = 0; i < 400; ++i) {
    std::string mangled = text;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % mangled.size();
      switch (rng() % 4) {
        case 0: mangled.erase(at, 1 + rng() % 8); break;
        case 1: mangled.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 2: mangled[at] = alphabet[rng() % alphabet.size()]; break;
        case 3: {  // a line moved elsewhere
          const auto start = mangled.rfind('\n', at);
          const auto end = mangled.find('\n', at);
          if (start == std::string::npos || end == std::string::npos) break;
          const std::string line = mangled.substr(start, end - start);
          mangled.erase(start, end - start);
          mangled.insert(rng() % mangled.size(), line);
          break;
        }
      }
      if (mangled.empty()) mangled = "x";
    }
    INFO(mangled);
    LoadResult r;
    REQUIRE_NOTHROW(r = load_text(files, mangled));
    if (r.scenario) {
      ++loaded;
      CHECK(r.problems.empty());
      CHECK_FALSE(summarize(*r.scenario).empty());
    } else {
      ++refused;
      REQUIRE_FALSE(r.problems.empty());
      for (const auto& p : r.problems) {
        CHECK(p.where.line >= 1);
        CHECK(p.where.column >= 1);
        CHECK_FALSE(p.message.empty());
      }
    }
  }
  CHECK(loaded + refused == 400);
  CHECK(refused > 100);
}
