#pragma once
// What `run` and `capacity` share about their results directory: --out,
// --lang, and the run record's common part.
#include <memory>
#include <optional>
#include <string>

#include "cli/distribution.hpp"
#include "engine/arrivals.hpp"
#include "report/report_strings.hpp"
#include "report/run_recorder.hpp"
#include "scenario/model.hpp"

namespace rollcall::cli {

// kind ("run", "capacity"), the scenario, the target, rollcall's version,
// the host, the start time and the personas.
report::RunInfo base_run_info(std::string kind, const scenario::Scenario& scenario);

// A distributed run's part in the run record: `segment` {index, count}
// for --segment i/n, `start_at` for --start-at, and then `started_at` is
// that instant itself, the same on every machine (their intervals align).
void add_distribution(report::RunInfo& info, engine::Slice segment, const std::optional<StartAt>& start_at);

// Opens `out` (or ./rollcall-results/<UTC time>): a UsageError naming --out
// when it cannot be used.
std::unique_ptr<report::RunRecorder> open_recorder(const std::string& out, report::RunInfo info, unsigned threads);

// --lang fr|en, else the locale's.
report::Lang chosen_lang(const std::optional<std::string>& name);

}  // namespace rollcall::cli
