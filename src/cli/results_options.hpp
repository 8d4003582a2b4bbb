#pragma once
// What `run` and `capacity` share about their results directory: --out,
// --lang, and the run record's common part.
#include <memory>
#include <optional>
#include <string>

#include "report/report_strings.hpp"
#include "report/run_recorder.hpp"
#include "scenario/model.hpp"

namespace rollcall::cli {

// kind ("run", "capacity"), the scenario, the target, rollcall's version,
// the host, the start time and the personas.
report::RunInfo base_run_info(std::string kind, const scenario::Scenario& scenario);

// Opens `out` (or ./rollcall-results/<UTC time>): a UsageError naming --out
// when it cannot be used.
std::unique_ptr<report::RunRecorder> open_recorder(const std::string& out, report::RunInfo info, unsigned threads);

// --lang fr|en, else the locale's.
report::Lang chosen_lang(const std::optional<std::string>& name);

}  // namespace rollcall::cli
