// What a scenario's YAML may not be however valid: aliases that repeat
// without bound (the "billion laughs"), an alias inside its own anchor, lists
// in lists deeper than any walk should go. Refused at the alias or the list,
// before anything walks the document.
#include <algorithm>
#include <chrono>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "helpers.hpp"
#include "scenario/yaml_shape.hpp"

using namespace rollcall::scenario;
using namespace rollcall::scenario::testing;
using Lines = std::vector<std::string>;

namespace {

// A scenario whose one step posts `json` (starting at line 6, column 9).
std::string with_json(const std::string& json) {
  return "target: http://127.0.0.1:8080/\n"
         "personas:\n"
         "  student:\n"
         "    flow:\n"
         "      - post: /api\n"
         "        json:\n" +
         json;
}

// Nine lists, each of nine aliases to the one before: 387 million values
// once expanded.
std::string billion_laughs() {
  std::string json = "          a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    const char before = static_cast<char>(level - 1);
    json += fmt::format("          {}: &{} [", level, level);
    for (int i = 0; i < 9; ++i) json += fmt::format("{}*{}", i ? ", " : "", before);
    json += "]\n";
  }
  return with_json(json);
}

std::string location(const std::string& text, std::size_t at) {
  const auto line_start = text.rfind('\n', at - 1);
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  return fmt::format("scenario.yaml:{}:{}", line, at - (line_start == std::string::npos ? 0 : line_start + 1) + 1);
}

}  // namespace

TEST_CASE("yaml shape: a billion laughs is refused at the alias that repeats too much, at once") {
  const auto started = std::chrono::steady_clock::now();
  const auto lines = problems(billion_laughs());
  const auto took = std::chrono::steady_clock::now() - started;
  // a holds 10 values, b 91, c 820, d 7381, e 66430; by the end of e the
  // aliases repeat 74718 values, and f's first *e brings that to 141148.
  CHECK(lines == Lines{"scenario.yaml:12:18: too much repeated through aliases: with *e (66430 values) the file's "
                       "aliases repeat more than 100000 values; write the values out, or repeat fewer"});
  CHECK(took < std::chrono::seconds(2));
}

TEST_CASE("yaml shape: repeated text counts in bytes") {
  // 2000 bytes, 100 times in b; then 200000 bytes for each *b of c: the
  // 50th brings the sum to 10200000.
  std::string b = "          b: &b [";
  for (int i = 0; i < 100; ++i) b += i ? ", *a" : "*a";
  std::string c = "          c: [";
  for (int i = 0; i < 60; ++i) c += i ? ", *b" : "*b";
  const std::string head = with_json("          a: &a " + std::string(2000, 'x') + "\n" + b + "]\n");
  const std::string text = head + c + "]\n";
  std::size_t fiftieth = head.size();
  for (int i = 0; i < 50; ++i) fiftieth = text.find("*b", fiftieth + 1);
  CHECK(problems(text) == Lines{location(text, fiftieth) +
                                ": too much repeated through aliases: with *b (200000 bytes of text) the file's aliases "
                                "repeat more than 10000000 bytes; write the values out, or repeat fewer"});
}

TEST_CASE("yaml shape: aliases through merge keys count like any other") {
  // Merged maps are walked once per merge: eight levels of nine merges.
  std::string text = "target: http://127.0.0.1:8080/\nx:\n  m0: &m0 {k: v}\n";
  for (int level = 1; level <= 8; ++level) {
    text += fmt::format("  m{}: &m{} {{<<: [", level, level);
    for (int i = 0; i < 9; ++i) text += fmt::format("{}*m{}", i ? ", " : "", level - 1);
    text += "]}\n";
  }
  text += "personas: {s: {flow: [{get: /}]}}\n";
  // m0 holds 3 values, m1 30, m2 273, m3 2460, m4 22143: by the end of m4
  // the merges repeat 24894 values, and m5's fourth *m4 brings that to 113466.
  CHECK(problems(text) == Lines{"scenario.yaml:8:32: too much repeated through aliases: with *m4 (22143 values) the "
                                "file's aliases repeat more than 100000 values; write the values out, or repeat fewer"});
}

TEST_CASE("yaml shape: an alias inside its own anchor") {
  CHECK(problems(with_json("          &j {a: 1, b: *j}\n")) ==
        Lines{"scenario.yaml:7:24: the alias *j is inside its own anchor &j: it would repeat without end"});
  CHECK(problems(with_json("          [1, &l [2, [*l]]]\n")) ==
        Lines{"scenario.yaml:7:23: the alias *l is inside its own anchor &l: it would repeat without end"});
  // A merge of the map into itself.
  CHECK(problems("target: http://127.0.0.1:8080/\n"
                 "defaults:\n"
                 "  headers: &h {<<: *h, X-A: b}\n"
                 "personas: {s: {flow: [{get: /}]}}\n") ==
        Lines{"scenario.yaml:3:20: the alias *h is inside its own anchor &h: it would repeat without end"});
  // An anchor named again is a new anchor, and an alias inside the new
  // one's value is that value's own (yaml-cpp's reading).
  CHECK(problems(with_json("          a: &v [1]\n          b: *v\n          c: &v [2, *v]\n")) ==
        Lines{"scenario.yaml:9:21: the alias *v is inside its own anchor &v: it would repeat without end"});
  CHECK(valid(with_json("          a: &v [1]\n          b: *v\n          c: &v [2]\n          d: *v\n")).personas.size() == 1);
}

TEST_CASE("yaml shape: lists and maps nested deeper than 100") {
  // The json list at line 7 is the 6th level (the root map, personas,
  // student, flow, the step): 95 lists inside it reach the 100th, one more
  // is refused at its bracket.
  const std::string deepest = "          " + std::string(95, '[') + std::string(95, ']') + "\n";
  CHECK(problems(with_json(deepest)).empty());
  const std::string deeper = "          " + std::string(96, '[') + std::string(96, ']') + "\n";
  CHECK(problems(with_json(deeper)) == Lines{"scenario.yaml:7:106: lists and maps nested more than 100 deep"});
  // Far deeper than yaml-cpp's own guard (which would say only "bad file").
  const std::string abyss = "          " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  CHECK(problems(with_json(abyss)) == Lines{"scenario.yaml:7:106: lists and maps nested more than 100 deep"});
  std::string maps = "          ";
  for (int i = 0; i < 200; ++i) maps += "{a: ";
  maps += "1" + std::string(200, '}') + "\n";
  CHECK(problems(with_json(maps)) == Lines{"scenario.yaml:7:391: lists and maps nested more than 100 deep"});
}

TEST_CASE("yaml shape: aliases that nest deeper than 100") {
  // Each anchor is 40 lists deep around the one before: the third reaches
  // past 100 levels through its alias, wherever it is used.
  const std::string d1 = "          d1: &d1 " + std::string(40, '[') + std::string(40, ']') + "\n";
  const std::string d2 = "          d2: &d2 " + std::string(39, '[') + "*d1" + std::string(39, ']') + "\n";
  const std::string d3 = "          d3: " + std::string(20, '[') + "*d2" + std::string(20, ']') + "\n";
  // The json map is the 6th level, d3's 20 lists reach the 26th, and *d2 is
  // 79 levels deep: 105. With 15 lists, exactly 100.
  CHECK(problems(with_json(d1 + d2 + d3)) ==
        Lines{"scenario.yaml:9:35: the alias *d2 nests lists and maps more than 100 deep"});
  const std::string d3_fits = "          d3: " + std::string(15, '[') + "*d2" + std::string(15, ']') + "\n";
  CHECK(problems(with_json(d1 + d2 + d3_fits)).empty());
}

TEST_CASE("yaml shape: anchors a scenario writes load as before") {
  const auto s = valid("target: http://127.0.0.1:8080/\n"
                       "defaults:\n"
                       "  headers: &common {Accept-Language: fr}\n"
                       "personas:\n"
                       "  student:\n"
                       "    flow:\n"
                       "      - post: /api\n"
                       "        headers: *common\n"
                       "        json: {who: &who {role: student, ids: &ids [1, 2]}, again: *who, ids: *ids}\n");
  REQUIRE(s.personas.size() == 1);
  // What the file repeats is what yaml_shape_problem counts, nothing else.
  const SourceText clean("s.yaml", "a: &a [1, 2]\nb: [*a, *a]\n");
  CHECK_FALSE(yaml_shape_problem(clean));
  const SourceText broken("s.yaml", "a: [1, 2\n");
  CHECK_FALSE(yaml_shape_problem(broken));  // not YAML: the loader's YAML::Load says so
}
