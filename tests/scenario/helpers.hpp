#pragma once
// Loading small scenarios written by the tests into fresh folders.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "scenario/loader.hpp"
#include "support/process.hpp"

namespace rollcall::scenario::testing {

// A fresh folder under the build tree's test output, one per call, named
// after the test case: ctest runs test cases in parallel processes, so a
// per-process counter alone would hand two of them the same folder.
class Files {
 public:
  Files() {
    static int count = 0;
    std::string name = Catch::getResultCapture().getCurrentTestName();
    for (char& c : name)
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
    dir_ = test::test_dir("scenario/" + name + "-" + std::to_string(++count));
  }
  const std::string& dir() const { return dir_; }
  std::string path(const std::string& name) const { return (std::filesystem::path(dir_) / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path(name);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::string dir_;
};

inline LoadResult load_text(const Files& files, const std::string& yaml, const LoadOptions& options = {}) {
  return load_scenario(files.write("scenario.yaml", yaml), options);
}

// "scenario.yaml:3:12: message": problems with their file's name only.
inline std::vector<std::string> problem_lines(const LoadResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems)
    out.push_back(std::filesystem::path(p.where.file).filename().string() + ":" + std::to_string(p.where.line) + ":" +
                  std::to_string(p.where.column) + ": " + p.message);
  return out;
}

// The problems of a scenario written in a fresh folder (with extra files).
inline std::vector<std::string> problems(const std::string& yaml,
                                         const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  Files files;
  for (const auto& [name, text] : extra) files.write(name, text);
  return problem_lines(load_text(files, yaml));
}

// Loads a scenario that must be valid.
inline Scenario valid(const std::string& yaml, const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  Files files;
  for (const auto& [name, text] : extra) files.write(name, text);
  auto r = load_text(files, yaml);
  if (!r.scenario) {
    std::string all;
    for (const auto& line : problem_lines(r)) all += line + "\n";
    throw std::runtime_error("expected a valid scenario, got:\n" + all);
  }
  return std::move(*r.scenario);
}

}  // namespace rollcall::scenario::testing
