#pragma once
// junit.xml for CI: every CI system reads JUnit XML and shows failed cases
// with their message, so each objective (and each capacity rung) is a test
// case whose failure message carries the measured value and the bound.
#include <optional>
#include <string>
#include <vector>

#include "report/results.hpp"

namespace rollcall::report {

struct JunitCase {
  std::string classname;  // dotted group: "rollcall.objectives", "rollcall.capacity"
  std::string name;
  double time_s = 0;
  std::optional<std::string> failure;  // message; the case failed
  std::optional<std::string> skipped;  // message; the case could not be judged
  std::string output;                  // system-out: figures worth reading when it passed
};

struct JunitSuite {
  std::string name;
  double time_s = 0;
  std::vector<JunitCase> cases;
};

JunitCase junit_case(std::string classname, std::string name, double time_s = 0);

// <testsuites> with each suite's tests/failures/skipped counts, escaped text.
std::string junit_xml(const std::vector<JunitSuite>& suites, double started_at_epoch_s);

// The run's suites: "objectives" (one case per objective) and, after a
// capacity search, "capacity": one case per rung, failed only when the rung
// failed at or below the rate the plan requires (above it, finding where the
// portal breaks is the search's purpose), skipped when invalid (generator
// limited), plus "saturation point covers the plan" when there is a plan.
std::vector<JunitSuite> run_junit_suites(const Results& r);

}  // namespace rollcall::report
