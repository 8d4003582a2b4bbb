// One capacity search, four outputs, one story: the console summary,
// summary.json (through the results records, read back as `rollcall report`
// reads them), junit.xml and report.html must name the same limiting step,
// read the objectives at the same two steps (the confirmation at the
// saturation point, not the first pass there; the failed step that gave the
// limiting objective), and say the same thing about the knee, a moving
// capacity and the USL fit.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "analysis/objectives.hpp"
#include "report/capacity_records.hpp"
#include "report/capacity_summary.hpp"
#include "report/html_charts.hpp"
#include "report/html_report.hpp"
#include "report/junit.hpp"
#include "report/results_json.hpp"
#include "report/summary_json.hpp"

using namespace rollcall;
using namespace rollcall::report;
namespace json = boost::json;
using Status = analysis::ObjectiveResult::Status;

namespace {

scenario::Objective journey_p95() {
  scenario::Objective o;
  o.metric = scenario::Objective::Metric::latency;
  o.op = scenario::Objective::Op::less;
  o.percentile = 95;
  o.threshold = 1'000'000;  // 1 s
  o.text = "journey p95 < 1s";
  return o;
}

scenario::Objective errors_guard() {
  scenario::Objective o;
  o.metric = scenario::Objective::Metric::errors;
  o.op = scenario::Objective::Op::less;
  o.threshold = 0.01;
  o.text = "errors < 1%";
  return o;
}

analysis::ObjectiveResult reading(const scenario::Objective& o, Status status, double observed, double low, double high,
                                  std::uint64_t samples) {
  analysis::ObjectiveResult r;
  r.objective = o;
  r.status = status;
  r.observed = observed;
  r.low = low;
  r.high = high;
  r.samples = samples;
  r.excess = observed / o.threshold;
  return r;
}

capacity::StepResult step(unsigned index, analysis::Phase phase, double rate, analysis::Outcome outcome,
                          std::vector<analysis::ObjectiveResult> results) {
  capacity::StepResult s;
  s.record.plan.index = index;
  s.record.plan.phase = phase;
  s.record.plan.rate = rate;
  s.record.plan.hold = std::chrono::seconds(60);
  s.record.outcome = outcome;
  s.record.offered_rate = rate;
  s.record.achieved_rate = rate;
  s.record.judgement.results = std::move(results);
  for (const auto& r : s.record.judgement.results)
    if (r.objective.metric == scenario::Objective::Metric::latency) s.record.journey_p95_ms = r.observed / 1e3;
  s.wall_s = 60;
  return s;
}

// Passes at 29.8/s (journey p95 94 ms), fails at 31.25/s (1.63 s), passes
// again at 29.8/s in the confirmation, much closer to the bound (901 ms):
// the report must read the confirmation. The USL fit is refused.
capacity::CapacityResult search() {
  using analysis::Outcome;
  using analysis::Phase;
  const auto p95 = journey_p95();
  const auto errors = errors_guard();
  capacity::CapacityResult r;
  r.objectives = {p95, errors};
  r.steps.push_back(step(0, Phase::staircase, 20, Outcome::pass,
                         {reading(p95, Status::pass, 60'000, 55'000, 66'000, 240), reading(errors, Status::pass, 0, 0, 0.004, 2400)}));
  r.steps.push_back(step(1, Phase::staircase, 29.8, Outcome::pass,
                         {reading(p95, Status::pass, 94'000, 90'000, 99'000, 360), reading(errors, Status::pass, 0, 0, 0.003, 3600)}));
  r.steps.push_back(step(2, Phase::bisection, 31.25, Outcome::fail,
                         {reading(p95, Status::fail, 1'630'000, 1'500'000, 1'800'000, 300),
                          reading(errors, Status::pass, 0.002, 0.001, 0.005, 3750)}));
  r.steps.push_back(step(3, Phase::confirmation, 29.8, Outcome::pass,
                         {reading(p95, Status::pass, 901'000, 812'000, 1'020'000, 412),
                          reading(errors, Status::pass, 0.001, 0.0005, 0.003, 4120)}));
  auto& v = r.verdict;
  v.kind = analysis::Verdict::Kind::saturated;
  v.saturation = 29.8;
  v.lowest_failing = 31.25;
  v.confirmed = true;
  v.limiting = "journey p95";
  v.reason = analysis::Reason::latency;
  v.limiting_detail = r.steps[2].record.judgement.results[0].describe();
  v.knee = 25;
  v.moved = analysis::Verdict::Moved{28, 30.5};
  r.requests_per_s = 180;
  r.concurrent_users = 40;
  r.usl.supported = false;
  r.usl.r2 = 0.68;
  r.usl.lambda = 1.1;
  r.usl.sigma = 0.05;
  r.usl.kappa = 0.001;
  r.usl.peak_load = 30.8;
  r.usl.peak_throughput = 23.5;
  r.usl.why_not = "R² 0.68 below 0.90: the points do not follow the law";
  r.usl_points = {{20, 20}, {29.8, 29.8}, {31.25, 27}, {29.8, 29.7}};
  r.duration_s = 240;
  return r;
}

// The records as `rollcall capacity` writes them and `rollcall report`
// reads them back.
Results records_of(const capacity::CapacityResult& c) {
  Results r;
  r.run.kind = "capacity";
  r.run.scenario = "scenarios/morning-rush.yaml";
  r.run.steps = {"ent > cas-form"};
  double t = 0;
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    auto step = c.steps[i];
    step.start_s = t;
    step.end_s = t + std::chrono::duration<double>(step.record.plan.hold).count();
    r.capacity_steps.push_back(capacity_step_from_json(to_json(capacity_step(step, static_cast<int>(i), ""))));
    t += c.steps[i].wall_s;
  }
  r.saturation = saturation_from_json(to_json(saturation_of(c)));
  for (const auto& o : objectives_of(c)) r.objectives.push_back(objective_from_json(to_json(o)));
  r.end = RunEnd{c.duration_s, false, 0, {}, 0};
  compute_totals(r);
  return r;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kLimiting = "Limiting step: journey p95 (latency): ";
const std::string kAtSaturation = "901 ms [812 ms – 1.02 s], 412 samples";
const std::string kAtFailing = "1.63 s [1.5 s – 1.8 s], 300 samples";
const std::string kAllMet = "All objectives are met at the saturation point, 29.8 journeys/s.";
const std::string kUsl = "the data does not support a scalability fit: R² 0.68 below 0.90: the points do not follow the law.";
const std::string kKnee = "Knee of the latency curve: 25/s (journey p95 starts to climb there).";
const std::string kMoved = "The target's capacity moved during the search: 28-30.5/s.";

}  // namespace

TEST_CASE("the two judged steps are the confirmation at the saturation point and the failed step at the lowest failing rate") {
  const auto c = search();
  REQUIRE(c.saturation_step() == &c.steps[3]);
  REQUIRE(c.failing_step() == &c.steps[2]);
  const auto objectives = objectives_of(c);
  REQUIRE(objectives.size() == 2);  // the guard too
  CHECK(objectives[0].measured == Approx(901));
  CHECK(objectives[0].samples == 412);
  CHECK(objectives[0].low == Approx(812));
  CHECK(objectives[0].high == Approx(1020));
  CHECK(objectives[0].limiting);
  REQUIRE(objectives[0].at_failing);
  CHECK(objectives[0].at_failing->measured == Approx(1630));
  CHECK(objectives[0].at_failing->status == "fail");
  CHECK(objectives[1].name == "errors < 1%");
  CHECK_FALSE(objectives[1].limiting);
}

TEST_CASE("console, summary.json, junit.xml and report.html tell the same story of one search") {
  const auto c = search();
  const Results r = records_of(c);
  const std::string console = capacity_summary_text(c);
  const auto capacity_json = json::parse(capacity_summary_json(c)).at("saturation").as_object();
  const auto summary = json::parse(summary_json(r)).as_object();
  const std::string junit = junit_xml(run_junit_suites(r), 0);
  const std::string en = html_report(r, Lang::en);
  const std::string fr = html_report(r, Lang::fr);
  const std::string detail = c.verdict.limiting_detail;
  INFO(console);

  SECTION("the limiting step is the verdict's") {
    CHECK(has(console, kLimiting + detail));
    CHECK(capacity_json.at("limiting_step").as_string() == "journey p95");
    CHECK(summary.at("verdict").at("limiting_step").as_string() == "journey p95");
    CHECK(summary.at("verdict").at("reason").as_string() == "latency");
    CHECK(summary.at("capacity").at("saturation").at("limiting_detail").as_string() == detail);
    CHECK(has(junit, kLimiting));
    CHECK(has(en, "<dd id=\"limiting-step\">journey p95</dd>"));
    CHECK(has(en, "<dd id=\"reason\">latency</dd>"));
    CHECK(has(fr, "<dd id=\"limiting-step\">journey p95</dd>"));
    CHECK(has(fr, "<dd id=\"reason\">latence</dd>"));
    CHECK_FALSE(has(fr, ">latency<"));
  }

  SECTION("the objectives are the confirmation's, with the failing step's beside them") {
    CHECK(has(console, kAtSaturation));
    CHECK(has(console, kAtFailing));
    CHECK_FALSE(has(console, "94 ms"));
    const auto& judged = summary.at("objectives").as_array();
    REQUIRE(judged.size() == 2);
    CHECK(judged[0].at("measured").as_double() == Approx(901));
    CHECK(judged[0].at("samples").to_number<std::uint64_t>() == 412);
    CHECK(judged[0].at("low").as_double() == Approx(812));
    CHECK(judged[0].at("high").as_double() == Approx(1020));
    CHECK(judged[0].at("decided").as_bool());
    CHECK(judged[0].at("at_failing_step").at("measured").as_double() == Approx(1630));
    CHECK(judged[1].at("name").as_string() == "errors < 1%");
    CHECK(capacity_json.at("at_saturation").at("step").to_number<int>() == 3);
    CHECK(capacity_json.at("at_failing_step").at("step").to_number<int>() == 2);
    CHECK(capacity_json.at("at_saturation").at("objectives").at(0).at("observed").as_double() == Approx(901));
    CHECK(capacity_json.at("at_saturation").at("objectives").at(0).at("samples").to_number<int>() == 412);
    CHECK(capacity_json.at("steps").at(3).at("objectives").at(0).at("low").as_double() == Approx(812));
    CHECK(has(junit, kAtSaturation));
    CHECK(has(junit, kAtFailing));  // the limiting objective's figure at the failing step
    CHECK(has(en, kAtSaturation));
    CHECK(has(en, kAtFailing));
    CHECK_FALSE(has(en, ">94 ms"));
    CHECK(has(en, "errors &lt; 1%"));
    CHECK(has(fr, "901 ms [812 ms – 1,02 s], 412 échantillons"));
  }

  SECTION("every objective is met at the saturation point, and the sentence says at which rate") {
    CHECK(has(console, kAllMet));
    CHECK(has(en, kAllMet));
    CHECK(has(fr, "Tous les objectifs sont tenus au point de saturation, 29,8 parcours/s."));
    CHECK(summary.at("verdict").at("objectives_passed").as_bool());
    CHECK_FALSE(has(junit, "<failure"));
  }

  SECTION("the refused USL fit is refused everywhere, its peak printed nowhere") {
    CHECK(has(console, kUsl));
    CHECK(capacity_json.at("usl").at("use").as_string() == "unsupported");
    CHECK(std::string(capacity_json.at("usl").at("text").as_string()) + "." == kUsl);
    CHECK(summary.at("capacity").at("saturation").at("usl").at("use").as_string() == "unsupported");
    CHECK(summary.at("capacity").at("sentences").at(3).as_string() == kUsl);
    CHECK(has(junit, kUsl));
    CHECK(has(en, kUsl));
    CHECK(has(fr, "Les données ne permettent pas d&#39;ajuster un modèle de scalabilité"));
    for (const auto* text : {&console, &junit, &en, &fr}) CHECK_FALSE(has(*text, "23.5"));
    CHECK_FALSE(has(en, "USL peak"));
    CHECK_FALSE(has(en, "σ ="));
  }

  SECTION("the knee and the moving capacity say the same") {
    CHECK(has(console, kKnee));
    CHECK(summary.at("capacity").at("saturation").at("knee_per_s").as_double() == 25);
    CHECK(summary.at("capacity").at("sentences").at(2).as_string() == kKnee);
    CHECK(has(junit, kKnee));
    CHECK(has(en, kKnee));
    CHECK(has(console, kMoved));
    CHECK(capacity_json.at("capacity_moved").at("low_per_s").as_double() == 28);
    CHECK(capacity_json.at("capacity_moved").at("high_per_s").as_double() == 30.5);
    CHECK(summary.at("capacity").at("saturation").at("capacity_moved").at("high_per_s").as_double() == 30.5);
    CHECK(has(junit, "The target&#39;s capacity moved during the search: 28-30.5/s."));
    CHECK(has(en, "The target&#39;s capacity moved during the search: 28-30.5/s."));
    CHECK(has(fr, "La capacité de la cible a varié pendant la recherche : 28-30,5/s."));
  }
}

TEST_CASE("a supported USL fit whose peak is below the measured saturation point is not used, nor drawn as a peak") {
  auto c = search();
  c.usl.supported = true;
  c.usl.r2 = 0.95;
  c.usl.why_not.clear();
  const std::string said = "the USL fit (R² 0.95) predicts a peak of 23.5/s, below the measured saturation point (29.8/s): not used.";
  CHECK(c.usl_statement().use == capacity::UslStatement::Use::contradicted);
  const Results r = records_of(c);
  CHECK(has(capacity_summary_text(c), said));
  CHECK(has(html_report(r, Lang::en), said));
  CHECK(has(junit_xml(run_junit_suites(r), 0), said));
  const auto chart = usl_chart(r, strings(Lang::en));
  REQUIRE(chart);
  CHECK(chart->markers.empty());
  REQUIRE(chart->series.size() == 2);
  CHECK(chart->series[1].dashed);

  // Above the saturation point, the same fit is a finding, peak and all.
  c.usl.peak_throughput = 42;
  CHECK(c.usl_statement().use == capacity::UslStatement::Use::finding);
  CHECK(has(capacity_summary_text(c), "throughput peaks at 42/s"));
}

TEST_CASE("an objective measured on no sample is not met, and the headline lists it") {
  auto c = search();
  auto& guard = c.steps[3].record.judgement.results[1];
  guard.status = Status::no_data;
  guard.samples = 0;
  const Results r = records_of(c);
  const std::string console = capacity_summary_text(c);
  CHECK(has(console, "no data: not met"));
  CHECK(has(console, "Not met at the saturation point, 29.8 journeys/s: errors < 1% (no data: not met)."));
  CHECK_FALSE(has(console, kAllMet));
  CHECK_FALSE(r.objectives[1].passed);
  CHECK(has(html_report(r, Lang::fr), "pas de données : non tenu"));
  CHECK(has(junit_xml(run_junit_suites(r), 0), "<failure message=\"At the saturation point, 29.8/s: no data: not met"));
}

TEST_CASE("one rate that passed and failed is not told as a range from a rate to itself") {
  CHECK(capacity::moved_sentence(28, 30.5) == kMoved);
  CHECK(capacity::moved_sentence(100, 100) ==
        "The same rate, 100/s, passed once and failed another time: the target is on its edge, or its capacity moved.");
}
