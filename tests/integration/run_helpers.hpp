#pragma once
// Running `rollcall run` from tests and reading its JSON.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "integration/bench_helpers.hpp"
#include "support/process.hpp"

namespace rollcall::test {

struct ScenarioRun {
  ProcessResult process;
  boost::json::object json;

  // The metrics line of that name, or an empty object.
  const boost::json::object& step(const std::string& name) const {
    static const boost::json::object none;
    for (const auto& s : json.at("steps").as_array())
      if (s.as_object().at("name").as_string() == name) return s.as_object();
    return none;
  }
  const boost::json::object& persona(const std::string& name) const {
    static const boost::json::object none;
    for (const auto& p : json.at("personas").as_array())
      if (p.as_object().at("name").as_string() == name) return p.as_object();
    return none;
  }
  double total(const char* key) const { return number(json.at("totals").as_object().at(key)); }
};

// Whether `part` occurs in `text` (a program's output, a file).
inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline std::string scenario_path(const std::string& name) { return std::string(ROLLCALL_SOURCE_DIR) + "/scenarios/" + name; }

// Where run_scenario(name, ...) wrote its results directory.
inline std::string results_of(const std::string& name) {
  return (std::filesystem::current_path() / "test-output" / ("run-" + name) / "results").string();
}

inline ScenarioRun run_scenario(const std::string& name, const std::string& file, std::vector<std::string> args) {
  const std::string dir = test_dir("run-" + name);
  const std::string json_file = dir + "/result.json";
  std::filesystem::remove_all(dir + "/results");
  std::vector<std::string> argv{"run", file, "--json", json_file, "--out", dir + "/results"};
  argv.insert(argv.end(), args.begin(), args.end());
  ScenarioRun run;
  run.process = run_rollcall(argv, std::chrono::seconds(180));
  const std::string text = read_file(json_file);
  if (!text.empty()) run.json = boost::json::parse(text).as_object();
  return run;
}

inline boost::json::object read_json(const std::string& path) { return boost::json::parse(read_file(path)).as_object(); }

inline std::string write_file(const std::string& dir, const std::string& name, const std::string& content) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << content;
  return path;
}

}  // namespace rollcall::test
