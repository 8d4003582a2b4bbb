#include "cli/results_options.hpp"

#include <chrono>

#include <fmt/format.h>

#include "common/instant.hpp"
#include "common/usage_error.hpp"
#include "report/results_dir.hpp"

namespace rollcall::cli {

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

void add_distribution(report::RunInfo& info, engine::Slice segment, const std::optional<StartAt>& start_at) {
  if (segment.stride > 1)
    info.segment = report::SegmentId{static_cast<int>(segment.offset + 1), static_cast<int>(segment.stride)};
  if (start_at) {
    info.start_at = start_at->epoch_s;
    info.started_at = start_at->epoch_s;
  }
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
