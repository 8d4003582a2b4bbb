#include "cli/results_input.hpp"

#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "common/usage_error.hpp"
#include "report/results_stream.hpp"

namespace rollcall::cli {

namespace fs = std::filesystem;

std::string results_dir_of(const std::string& dir_or_file) {
  return fs::is_directory(dir_or_file) ? dir_or_file : fs::path(dir_or_file).parent_path().string();
}

report::Results load_results(const std::string& dir_or_file) {
  const fs::path path = fs::is_directory(dir_or_file) ? fs::path(dir_or_file) / report::results_stream_file
                                                      : fs::path(dir_or_file);
  if (!fs::exists(path))
    throw UsageError(fmt::format("{}: no results stream here (expected {} written by run or capacity --out)",
                                 dir_or_file, report::results_stream_file));
  try {
    return report::read_results_file(path.string());
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
}

}  // namespace rollcall::cli
