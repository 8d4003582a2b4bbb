// abort_on_fail: a run ends early on a failure beyond doubt, never on the
// noise of its first seconds nor before the objective's delay.
#include <catch2/catch.hpp>

#include "analysis/run_abort.hpp"

using namespace rollcall;
using namespace rollcall::analysis;

namespace {

scenario::Objective errors_below(double ratio, bool abort, std::chrono::seconds delay = std::chrono::seconds(10)) {
  scenario::Objective o;
  o.metric = scenario::Objective::Metric::errors;
  o.op = scenario::Objective::Op::less;
  o.threshold = ratio;
  o.text = "errors < " + std::to_string(ratio * 100) + "%";
  o.abort_on_fail = abort;
  o.abort_delay = delay;
  return o;
}

// `requests` answers of one step, `errors` of them failed, over `seconds`.
Measurement run_so_far(std::uint64_t requests, std::uint64_t errors, double seconds) {
  Measurement m;
  m.seconds = seconds;
  StepTally login;
  login.step = "login";
  login.tally.requests = requests;
  login.tally.errors = errors;
  for (std::uint64_t i = 0; i < requests; ++i) login.tally.latency.record(20'000);
  m.steps.push_back(login);
  return m;
}

}  // namespace

TEST_CASE("run abort: a failure beyond doubt after the delay ends the run, nothing else does") {
  const std::vector<scenario::Objective> objectives{errors_below(0.01, true)};
  SECTION("half the requests failing, after the delay: abort, naming the objective") {
    const auto reason = abort_reason(objectives, run_so_far(2000, 1000, 12), 12);
    REQUIRE(reason);
    CHECK(reason->objective.text == objectives[0].text);
    CHECK(reason->observed == Approx(0.5));
  }
  SECTION("the same before the delay: the run goes on") {
    CHECK_FALSE(abort_reason(objectives, run_so_far(2000, 1000, 9), 9));
  }
  SECTION("a few failures among few requests: too thin to decide") {
    // 2 of 40: 5%, above 1%, but 40 requests cannot show a ratio below 1%
    // (it needs 400) and the interval reaches below the threshold.
    CHECK_FALSE(abort_reason(objectives, run_so_far(40, 2, 12), 12));
  }
  SECTION("a ratio close to the bound on many requests: undecided, the run goes on") {
    CHECK_FALSE(abort_reason(objectives, run_so_far(1000, 12, 12), 12));
  }
  SECTION("met: the run goes on") {
    CHECK_FALSE(abort_reason(objectives, run_so_far(5000, 3, 12), 12));
  }
  SECTION("an objective without abort_on_fail never ends the run") {
    CHECK_FALSE(abort_reason({errors_below(0.01, false)}, run_so_far(2000, 1000, 12), 12));
  }
}
