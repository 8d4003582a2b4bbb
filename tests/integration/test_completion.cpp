// `rollcall completion bash`: the script bash accepts, and what it proposes
// when bash calls it with the words typed so far.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "support/process.hpp"

using namespace rollcall::test;

namespace {

// The subcommands `rollcall --help` lists: CLI11's own help, independent of
// the completion script.
std::vector<std::string> listed_subcommands() {
  const auto help = run_rollcall({"--help"}, std::chrono::seconds(30));
  std::vector<std::string> names;
  std::istringstream lines(help.out);
  bool in_list = false;
  for (std::string line; std::getline(lines, line);) {
    if (line == "Subcommands:") in_list = true;
    else if (in_list && line.rfind("  ", 0) == 0) names.push_back(line.substr(2, line.find(' ', 2) - 2));
    else if (in_list) break;
  }
  return names;
}

std::string written_script(const std::string& name) {
  const auto r = run_rollcall({"completion", "bash"}, std::chrono::seconds(30));
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const std::string file = test_dir(name) + "/rollcall.bash";
  std::ofstream(file) << r.out;
  return file;
}

// What the script proposes for the words typed so far (the last one under
// the cursor), one candidate per element, sorted; run in `folder`.
std::set<std::string> candidates(const std::string& script, const std::string& folder, const std::string& typed) {
  const std::string driver = "cd '" + folder + "' && source '" + script + "' && COMP_WORDS=(" + typed +
                             ") && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _rollcall && "
                             "printf '%s\\n' \"${COMPREPLY[@]}\"";
  const auto r = run_process({"bash", "-c", driver}, std::chrono::seconds(30));
  INFO("typed: " << typed << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  std::set<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

}  // namespace

TEST_CASE("rollcall completion bash writes a script bash accepts") {
  const std::string script = written_script("completion-syntax");
  const auto r = run_process({"bash", "-n", script}, std::chrono::seconds(30));
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  const std::string text = read_file(script);
  CHECK(text.find("complete -F _rollcall rollcall") != std::string::npos);
  CHECK(text.find("--rate") != std::string::npos);
}

TEST_CASE("rollcall completion completes every subcommand and the flags of each") {
  const std::string script = written_script("completion-words");
  const std::string folder = test_dir("completion-words-cwd");
  const auto names = listed_subcommands();
  REQUIRE(names.size() >= 9);
  const auto first_words = candidates(script, folder, "rollcall ''");
  for (const auto& name : names) {
    INFO("subcommand " << name);
    CHECK(first_words.count(name) == 1);
  }
  CHECK(first_words.size() == names.size());
  CHECK(candidates(script, folder, "rollcall r") == std::set<std::string>{"run", "report"});
  CHECK(candidates(script, folder, "rollcall --v") == std::set<std::string>{"--version"});

  const auto run_flags = candidates(script, folder, "rollcall run --");
  for (const char* flag : {"--rate", "--vus", "--duration", "--json", "--out", "--resolve", "--help"}) {
    INFO("run " << flag);
    CHECK(run_flags.count(flag) == 1);
  }
  CHECK(run_flags.count("--connections") == 0);  // bench's, not run's
  CHECK(candidates(script, folder, "rollcall -q run -d 1s --ra") == std::set<std::string>{"--rate", "--ramp-up"});
  CHECK(candidates(script, folder, "rollcall bench --conn") == std::set<std::string>{"--connect-timeout", "--connections"});
  CHECK(candidates(script, folder, "rollcall sim --write-a") == std::set<std::string>{"--write-accounts"});
  CHECK(candidates(script, folder, "rollcall completion ''") == std::set<std::string>{"bash"});
}

TEST_CASE("rollcall completion proposes files and folders where a path goes and nothing after a value flag") {
  const std::string script = written_script("completion-paths");
  const std::string folder = test_dir("completion-paths-cwd");
  std::ofstream(folder + "/rush.yaml") << "x";
  std::ofstream(folder + "/ca.pem") << "x";
  REQUIRE(run_process({"mkdir", folder + "/results"}).exit_code == 0);

  CHECK(candidates(script, folder, "rollcall run ''") == std::set<std::string>{"ca.pem", "results", "rush.yaml"});
  CHECK(candidates(script, folder, "rollcall run r") == std::set<std::string>{"results", "rush.yaml"});
  CHECK(candidates(script, folder, "rollcall run x.yaml --json ''") ==
        std::set<std::string>{"ca.pem", "results", "rush.yaml"});
  CHECK(candidates(script, folder, "rollcall bench --cacert c") == std::set<std::string>{"ca.pem"});
  CHECK(candidates(script, folder, "rollcall run x.yaml --out ''") == std::set<std::string>{"results"});
  CHECK(candidates(script, folder, "rollcall report ''") == std::set<std::string>{"results"});
  CHECK(candidates(script, folder, "rollcall compare results ''") == std::set<std::string>{"results"});
  CHECK(candidates(script, folder, "rollcall run x.yaml --rate ''").empty());
  CHECK(candidates(script, folder, "rollcall bench -c ''").empty());
  CHECK(candidates(script, folder, "rollcall bench ''").empty());  // a URL: nothing to propose
}
