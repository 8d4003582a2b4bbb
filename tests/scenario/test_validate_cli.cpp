// `rollcall validate` as a process: the summary and exit 0, or every problem
// as file:line:column and exit 2.
#include <catch2/catch.hpp>

#include <algorithm>

#include "helpers.hpp"
#include "support/process.hpp"

using namespace rollcall::test;

namespace {

const std::string data = std::string(ROLLCALL_SOURCE_DIR) + "/tests/scenario/data/";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("rollcall validate: a good scenario prints its summary and exits 0") {
  const std::string file = data + "morning.yaml";
  auto r = run_rollcall({"validate", file}, std::chrono::seconds(60));
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  std::string text = r.out;
  std::replace(text.begin(), text.end(), '\n', ' ');
  CHECK(text == file +
                    " is valid: target http://127.0.0.1:8080/, 2 personas: student 85% (3 accounts from "
                    "students.csv, each row once; 6 steps, 6 requests per journey), parent 15% (2 accounts from "
                    "parents.csv, cycled; 4 steps, 3 to 4 requests per journey). Redirects are followed (up to 10) "
                    "and not counted; timeout 30s; think time 500ms to 2s between steps. ");
  for (const auto& line : lines(r.out)) CHECK(line.size() <= 78);
}

TEST_CASE("rollcall validate --target replaces the file's target") {
  auto r = run_rollcall({"validate", data + "morning.yaml", "--target", "https://ent.example.fr:8443/"},
                        std::chrono::seconds(60));
  CHECK(r.exit_code == 0);
  std::replace(r.out.begin(), r.out.end(), '\n', ' ');
  CHECK(r.out.find("target https://ent.example.fr:8443/ (TLS)") != std::string::npos);

  auto bad = run_rollcall({"validate", data + "morning.yaml", "--target", "ent.example.fr"}, std::chrono::seconds(60));
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.rfind(data + "morning.yaml:5:9: --target: ", 0) == 0);
}

TEST_CASE("rollcall validate: flags from ROLLCALL_ environment variables, the command line first") {
  const std::string file = data + "morning.yaml";
  auto from_env = run_process({"env", "ROLLCALL_TARGET=https://ent.example.fr:8443/", ROLLCALL_BINARY, "validate", file},
                              std::chrono::seconds(60));
  INFO("stderr: " << from_env.err);
  CHECK(from_env.exit_code == 0);
  std::replace(from_env.out.begin(), from_env.out.end(), '\n', ' ');
  CHECK(from_env.out.find("target https://ent.example.fr:8443/ (TLS)") != std::string::npos);

  auto both = run_process({"env", "ROLLCALL_TARGET=https://ent.example.fr:8443/", ROLLCALL_BINARY, "validate", file,
                           "--target", "http://127.0.0.1:9090/"},
                          std::chrono::seconds(60));
  CHECK(both.exit_code == 0);
  std::replace(both.out.begin(), both.out.end(), '\n', ' ');
  CHECK(both.out.find("target http://127.0.0.1:9090/") != std::string::npos);

  // --feeder PERSONA=FILE from ROLLCALL_FEEDER: a persona the scenario lacks is refused before anything runs.
  auto feeder = run_process({"env", "ROLLCALL_FEEDER=teacher=" + data + "students.csv", ROLLCALL_BINARY, "validate", file},
                            std::chrono::seconds(60));
  CHECK(feeder.exit_code == 2);
  CHECK(feeder.err.find("--feeder teacher=") != std::string::npos);
  CHECK(feeder.err.find("the scenario has no persona 'teacher' (personas: parent, student)") != std::string::npos);
}

TEST_CASE("rollcall validate: a bad scenario lists every problem and exits 2") {
  const std::string file = data + "broken.yaml";
  auto r = run_rollcall({"validate", file}, std::chrono::seconds(60));
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  const std::vector<std::string> expected = {
      file + ":4:12: expected a duration such as 500ms or 2s, got 'fast'",
      data + "broken.csv:3:29: row has 3 fields, the header has 2",
      file + ":10:9: unknown step kind 'gett'; did you mean 'get'? (a step is one of: get, post, put, delete, patch, "
             "head, submit_form, fetch, group, repeat, while, if, think)",
      file + ":14:13: expected a weight of 0 or more, got -5",
      file + ":16:9: submit_form needs a page to take the form from, and no request comes before it in persona "
             "'parent': add a get step for the page first",
      file + ":17:22: undefined variable 'doc_id' in persona 'parent': not a builtin (vu, iteration, persona), it "
             "has no feeder, and no earlier step extracts it",
  };
  CHECK(lines(r.err) == expected);
}

TEST_CASE("rollcall validate: a missing file, and no file") {
  auto r = run_rollcall({"validate", data + "no-such.yaml"}, std::chrono::seconds(60));
  CHECK(r.exit_code == 2);
  CHECK(r.err == data + "no-such.yaml:1:1: no such scenario file\n");
  auto none = run_rollcall({"validate"}, std::chrono::seconds(60));
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("file") != std::string::npos);
}

TEST_CASE("rollcall validate: a feeder file with a header only is a warning; run and capacity refuse it") {
  rollcall::scenario::testing::Files files;
  files.write("accounts.csv", "username,password\n");
  const std::string file = files.write("scenario.yaml",
                                       "target: http://127.0.0.1:1/\npersonas:\n  student:\n"
                                       "    feeder: {file: accounts.csv}\n    flow: [{get: /}]\n");
  const std::string csv = files.path("accounts.csv");
  auto validated = run_rollcall({"validate", file}, std::chrono::seconds(60));
  CHECK(validated.exit_code == 0);
  CHECK(validated.err == csv + ":1:1: warning: the file has a header but no rows: fill in one row per account (or "
                               "give --feeder with a filled-in file) before try, run or capacity, which refuse it "
                               "as it is\n");
  std::string summary = validated.out;
  std::replace(summary.begin(), summary.end(), '\n', ' ');
  CHECK(summary.find("student 100% (0 accounts from accounts.csv") != std::string::npos);

  const std::string refusal = csv + ":1:1: the file has a header but no rows: expected one row per account after it\n";
  for (const std::vector<std::string>& argv :
       {std::vector<std::string>{"run", file, "-d", "1s", "--out", files.path("results")},
        std::vector<std::string>{"capacity", file, "--out", files.path("capacity")},
        std::vector<std::string>{"try", file}}) {
    INFO(argv[0]);
    auto r = run_rollcall(argv, std::chrono::seconds(60));
    CHECK(r.exit_code == 2);
    CHECK(r.err == refusal);
  }
}
