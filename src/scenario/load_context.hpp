#pragma once
// What the parts of the loader share while one scenario file loads.
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "scenario/compiler.hpp"
#include "scenario/csv.hpp"
#include "scenario/model.hpp"
#include "scenario/problem.hpp"
#include "scenario/yaml_reader.hpp"

namespace rollcall::scenario {

struct LoadContext {
  Reader& reader;
  Compiler& compiler;
  Scenario& scenario;
  std::filesystem::path dir;                 // the scenario's folder: feeders and uploads are relative to it
  std::set<std::string> secret_names;        // feeder columns and extractions never to print
  std::map<std::string, std::string> feeder_files;  // --feeder: persona -> accounts file replacing its feeder's
  std::map<std::string, std::shared_ptr<const std::string>> uploads;  // files read once, by resolved path
  // Feeder files read once, by resolved path; null when the file has problems (told once).
  std::map<std::string, std::shared_ptr<const CsvTable>> feeders;
  bool allow_header_only_feeders = false;  // LoadOptions' own
  std::vector<Problem> warnings;           // LoadResult's own

  // A path written in the scenario, relative to its folder; lexically
  // normal, so that messages show "data/accounts.csv", not "./x/../data/...".
  std::filesystem::path resolve(const std::string& written) const {
    std::filesystem::path p(written);
    return (p.is_absolute() ? p : dir / p).lexically_normal();
  }
};

}  // namespace rollcall::scenario
