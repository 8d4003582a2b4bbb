// Secrets that do not live in the scenario's folder: ${env(NAME)} and
// --feeder PERSONA=FILE.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "helpers.hpp"
#include "scenario/template.hpp"

using namespace rollcall::scenario;
using namespace rollcall::scenario::testing;
using Lines = std::vector<std::string>;

TEST_CASE("env() renders an environment variable read when the template compiles") {
  ::setenv("ROLLCALL_TEST_ENT_PASSWORD", "s3cret-Pa55", 1);
  SymbolTable symbols;
  const auto t = Template::compile("Basic ${base64(env(ROLLCALL_TEST_ENT_PASSWORD))} ${env('ROLLCALL_TEST_ENT_PASSWORD')}",
                                   symbols);
  // The name is the environment's, not a scenario variable.
  CHECK(symbols.find("ROLLCALL_TEST_ENT_PASSWORD") == nullptr);
  CHECK(t.reads().empty());
  CHECK_FALSE(t.is_literal());
  CHECK(symbols.environment().at("ROLLCALL_TEST_ENT_PASSWORD") == "s3cret-Pa55");
  Variables variables(symbols.size());
  rollcall::UserRng rng{1};
  std::string out;
  VariableId missing = 0;
  REQUIRE(t.render(RenderContext{variables, rng}, out, missing));
  CHECK(out == "Basic czNjcmV0LVBhNTU= s3cret-Pa55");
  // The source, shown in messages, names the variable and not its value.
  CHECK(t.source().find("s3cret") == std::string::npos);
}

TEST_CASE("env() of a variable that is not set is a load error naming it") {
  ::unsetenv("ROLLCALL_TEST_UNSET_VARIABLE");
  CHECK(problems("target: http://127.0.0.1:8080/\n"
                 "personas:\n"
                 "  student:\n"
                 "    flow:\n"
                 "      - get: /\n"
                 "        headers: {Authorization: \"Bearer ${env(ROLLCALL_TEST_UNSET_VARIABLE)}\"}\n") ==
        Lines{"scenario.yaml:6:44: environment variable ROLLCALL_TEST_UNSET_VARIABLE is not set (export "
              "ROLLCALL_TEST_UNSET_VARIABLE=... before running: ${env(ROLLCALL_TEST_UNSET_VARIABLE)} reads it)"});
  CHECK(problems("target: http://127.0.0.1:8080/\n"
                 "personas:\n"
                 "  student:\n"
                 "    flow:\n"
                 "      - get: /${env(1)}\n") ==
        Lines{"scenario.yaml:5:21: env() takes the name of an environment variable, such as env(ENT_PASSWORD)"});
}

namespace {

const std::string with_feeders =
    "target: http://127.0.0.1:8080/\n"
    "personas:\n"
    "  student:\n"
    "    feeder: {file: accounts.csv, mode: unique}\n"
    "    flow: [{get: \"/${username}\"}]\n"
    "  parent:\n"
    "    flow: [{get: /}]\n";

}  // namespace

TEST_CASE("feeder flag: swaps a persona's accounts file and keeps its mode and secrets") {
  Files files;
  files.write("accounts.csv", "username,password\ncommitted,x\n");
  const auto staging = files.write("elsewhere/staging.csv", "username,password\nalice,pw1\nbob,pw2\n");
  LoadOptions options;
  options.feeder_files["student"] = staging;
  auto r = load_text(files, with_feeders, options);
  REQUIRE(r.problems.empty());
  REQUIRE(r.scenario);
  const auto& feeder = *r.scenario->personas[0].feeder;
  CHECK(feeder.path == staging);
  CHECK(feeder.mode == Feeder::Mode::unique);
  REQUIRE(feeder.rows->size() == 2);
  CHECK((*feeder.rows)[1] == std::vector<std::string>{"bob", "pw2"});
  CHECK(feeder.secret == std::vector<bool>{false, true});
}

TEST_CASE("feeder flag: naming an unknown persona or one without a feeder is a load error") {
  Files files;
  files.write("accounts.csv", "username,password\na,b\n");
  const auto other = files.write("other.csv", "username,password\na,b\n");
  LoadOptions options;
  options.feeder_files["teacher"] = other;
  options.feeder_files["parent"] = other;
  CHECK(problem_lines(load_text(files, with_feeders, options)) ==
        Lines{"scenario.yaml:3:3: --feeder parent=" + other +
                  ": persona 'parent' has no feeder to replace: give it `feeder: {file: ...}` in the scenario",
              "scenario.yaml:3:3: --feeder teacher=" + other +
                  ": the scenario has no persona 'teacher' (personas: parent, student)"});
  LoadOptions missing;
  missing.feeder_files["student"] = files.path("nowhere.csv");
  const auto lines = problem_lines(load_text(files, with_feeders, missing));
  REQUIRE(lines.size() == 1);
  INFO(lines[0]);
  CHECK(lines[0].find("scenario.yaml:4:20: feeder file '--feeder student=") == 0);
  CHECK(lines[0].find("nowhere.csv") != std::string::npos);
}
