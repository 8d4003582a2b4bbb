// The one-line forms shared by the scenario file and the command line.
#include <catch2/catch.hpp>

#include "scenario/load_text.hpp"

using namespace rollcall::scenario;

namespace {

// The objective, or "offset: message".
std::string problem_of(const std::string& text, const ObjectiveNames& names = {}) {
  TextProblem p;
  if (parse_objective(text, p, names)) return "parsed";
  return std::to_string(p.offset) + ": " + p.message;
}

Objective parsed(const std::string& text) {
  TextProblem p;
  auto o = parse_objective(text, p);
  if (!o) throw std::runtime_error(p.message);
  return *o;
}

}  // namespace

TEST_CASE("load text: rates, time scales, ratios and times of day") {
  TextProblem p;
  CHECK(*parse_rate("50", p) == 50);
  CHECK(*parse_rate(" 50/s ", p) == 50);
  CHECK(*parse_rate("3000/m", p) == 50);
  CHECK(*parse_rate("180000/h", p) == 50);
  CHECK(*parse_rate("0", p, true) == 0);
  CHECK_FALSE(parse_rate("0", p));
  CHECK(p.message == "expected a rate above 0, got '0'");
  CHECK_FALSE(parse_rate("fast", p));
  CHECK(p.message == "expected a rate such as 50, 50/s, 3000/m or 180000/h, got 'fast'");
  CHECK(*parse_time_scale("1:30", p) == 30);
  CHECK(*parse_time_scale("2:30", p) == 15);
  CHECK(*parse_time_scale("30x", p) == 30);
  CHECK_FALSE(parse_time_scale("1:0", p));
  CHECK(p.message == "expected a time scale such as 1:30 (a minute of run for 30 of the day) or 30x, got '1:0'");
  CHECK(*parse_ratio("1%", p) == Approx(0.01));
  CHECK(*parse_ratio("0.05", p) == Approx(0.05));
  CHECK_FALSE(parse_ratio("150%", p));
  CHECK(*parse_minute("7:55", p) == 475);
  CHECK(*parse_minute("07:30", p) == 450);
  CHECK(*parse_minute("475", p) == 475);
  CHECK_FALSE(parse_minute("7:5", p));
  CHECK_FALSE(parse_minute("25:00", p));
}

TEST_CASE("load text: objectives of every kind") {
  auto o = parsed("login.p95 < 800ms");
  CHECK(o.metric == Objective::Metric::latency);
  CHECK(o.step == "login");
  CHECK(o.percentile == 95);
  CHECK(o.threshold == 800'000);  // microseconds
  CHECK(o.op == Objective::Op::less);

  o = parsed("student:cas-login-submit.p99.9 <= 2s");
  CHECK(o.persona == "student");
  CHECK(o.step == "cas-login-submit");
  CHECK(o.percentile == 99.9);
  CHECK(o.op == Objective::Op::less_equal);

  o = parsed("portal > GET /api/timeline.mean < 300ms");  // a group's step: its '>' is not the operator
  CHECK(o.step == "portal > GET /api/timeline");
  CHECK(o.stat == Objective::Stat::mean);

  o = parsed("errors < 1%");
  CHECK(o.metric == Objective::Metric::errors);
  CHECK(o.step.empty());
  CHECK(o.threshold == Approx(0.01));

  o = parsed("parent:rejected < 5%");
  CHECK(o.persona == "parent");
  CHECK(o.metric == Objective::Metric::rejected);

  o = parsed("achieved >= 95% of offered");
  CHECK(o.metric == Objective::Metric::achieved);
  CHECK(o.threshold == Approx(0.95));
  CHECK(o.op == Objective::Op::greater_equal);

  o = parsed("completed > 0.99");
  CHECK(o.metric == Objective::Metric::completed);

  o = parsed("p95 < 3s");
  CHECK(o.step.empty());
  CHECK(o.persona.empty());
}

TEST_CASE("load text: objectives that do not parse say where and why") {
  CHECK(problem_of("login.p95 800ms") ==
        "0: expected an objective such as 'login.p95 < 800ms', 'errors < 1%' or 'achieved >= 95% of offered', got 'login.p95 800ms'");
  CHECK(problem_of("login.p95 < fast") == "12: expected a latency above 0 such as 800ms or 2s, got 'fast'");
  CHECK(problem_of("login.latency < 1s") ==
        "6: unknown measure 'latency': expected a latency (p50, p95, p99.9, mean, max) or errors, rejected, queued, achieved, completed");
  CHECK(problem_of("login.p100 < 1s") == "6: a percentile is above 0 and below 100, got 'p100'");
  CHECK(problem_of("errors > 1%") == "7: errors is a bound from above: write it with < or <=");
  CHECK(problem_of("achieved < 95%") == "9: achieved is a bound from below: write it with > or >=");
  CHECK(problem_of("errors < 1.5") == "9: expected a ratio such as 1% or 0.01 (0 to 100%), got '1.5'");
  CHECK(problem_of(" < 1s") == "1: nothing before the comparison: name what is measured, such as errors or login.p95");
  CHECK(problem_of("login.p95 <") == "11: nothing after the comparison: give a threshold such as 800ms or 1%");
  const ObjectiveNames names{{"login", "portal"}, {"student", "parent"}, {}};
  CHECK(problem_of("logni.p95 < 1s", names) == "0: objective on an unknown step 'logni'; did you mean 'login'?");
  CHECK(problem_of("studnet:errors < 1%", names) == "0: objective on an unknown persona 'studnet'; did you mean 'student'?");
  CHECK(problem_of("student:login.p95 < 1s", names) == "parsed");
}

TEST_CASE("objective text: a persona's step must be that persona's own") {
  // student and parent both log in; only the parent picks a child.
  const ObjectiveNames names{{"login", "portal", "pick-child"},
                             {"student", "parent"},
                             {{"login", "portal"}, {"login", "pick-child"}}};
  CHECK(problem_of("parent:pick-child.p95 < 1s", names) == "parsed");
  CHECK(problem_of("parent:pick-child > form.p95 < 1s", names) == "parsed");  // one of its redirect hops
  CHECK(problem_of("student:pick-child.p95 < 1s", names) == "8: persona 'student' has no step 'pick-child' in its flow");
  CHECK(problem_of("student:login.p95 < 1s", names) ==
        "8: step 'login' is also in the flow of 'parent', and a step is measured by its name across personas: "
        "drop 'student:' from the objective, or give student's step a name of its own");
  CHECK(problem_of("login.p95 < 1s", names) == "parsed");
  CHECK(problem_of("student:errors < 1%", names) == "parsed");  // a persona's own count, whatever its steps
}
