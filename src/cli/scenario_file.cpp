#include "cli/scenario_file.hpp"

#include <fmt/format.h>

#include "cli/options.hpp"
#include "scenario/loader.hpp"

namespace rollcall::cli {

scenario::Scenario load_or_explain(const std::string& file, const std::optional<std::string>& target,
                                   const std::vector<std::string>& feeders) {
  scenario::LoadOptions options;
  options.target_override = target;
  options.feeder_files = feeder_files(feeders);
  auto loaded = scenario::load_scenario(file, options);
  if (!loaded.problems.empty() || !loaded.scenario) {
    for (const auto& p : loaded.problems) fmt::print(stderr, "{}: {}\n", p.where.str(), p.message);
    throw ScenarioRejected{};
  }
  return std::move(*loaded.scenario);
}

}  // namespace rollcall::cli
