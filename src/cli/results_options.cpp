#include "cli/results_options.hpp"

#include <chrono>

#include <fmt/format.h>

#include "common/usage_error.hpp"
#include "report/results_dir.hpp"

namespace rollcall::cli {

namespace {

double epoch_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

report::RunInfo base_run_info(std::string kind, const scenario::Scenario& s) {
  report::RunInfo info;
  info.kind = std::move(kind);
  info.scenario = s.file;
  info.target = s.target_url;
  info.rollcall_version = ROLLCALL_VERSION;
  info.host = report::host_name();
  info.started_at = epoch_now();
  for (const auto& p : s.personas) info.personas.push_back(p.name);
  return info;
}

std::unique_ptr<report::RunRecorder> open_recorder(const std::string& out, report::RunInfo info, unsigned threads) {
  const std::string dir = out.empty() ? report::default_results_dir(epoch_now()) : out;
  try {
    return std::make_unique<report::RunRecorder>(dir, std::move(info), threads);
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("--out: {}", e.what()));
  }
}

report::Lang chosen_lang(const std::optional<std::string>& name) {
  if (!name) return report::lang_from_environment();
  if (auto lang = report::lang_from_name(*name)) return *lang;
  throw UsageError(fmt::format("--lang '{}': expected fr or en", *name));
}

}  // namespace rollcall::cli
