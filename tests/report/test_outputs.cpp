#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include <boost/json/parse.hpp>

#include "metrics/hlog.hpp"
#include "report/junit.hpp"
#include "report/latency_hlog.hpp"
#include "report/summary_json.hpp"
#include "report/xml.hpp"
#include "synthetic.hpp"
#include "xml_check.hpp"

using namespace rollcall::report;
using rollcall::test::SyntheticOptions;
using rollcall::test::synthetic_results;
namespace json = boost::json;

namespace {

Results capacity_run() {
  SyntheticOptions o;
  o.seconds = 600;
  o.capacity = true;
  o.rung_s = 60;
  return synthetic_results(o);
}

}  // namespace

TEST_CASE("summary json carries its schema and the whole-run figures") {
  const Results r = capacity_run();
  const json::value v = json::parse(summary_json(r));
  const auto& o = v.as_object();
  CHECK(o.at("schema").as_string() == "rollcall.summary/1");
  CHECK(o.at("kind").as_string() == "capacity");
  CHECK(o.at("complete").as_bool());
  CHECK(o.at("exit_code").as_int64() == 1);
  CHECK(o.at("intervals").to_number<std::uint64_t>() == 600);
  CHECK(o.at("duration_s").as_double() == 600);

  const auto& steps = o.at("steps").as_array();
  REQUIRE(steps.size() == 6);
  const auto& login = steps[0].as_object();
  CHECK(login.at("name").as_string() == "login > cas");
  CHECK(login.at("count").to_number<std::uint64_t>() == 600u * 20u);
  CHECK(login.at("outcomes").at("queued").to_number<std::uint64_t>() == 0);
  CHECK(login.at("latency_ms").at("p95").as_double() == Approx(r.step_totals[0].latency.percentile(95) / 1000.0));
  CHECK(login.at("latency_ms").at("max").as_double() == Approx(r.step_totals[0].max_us / 1000.0));
  CHECK(login.at("failures").at("http_5xx").to_number<std::uint64_t>() == r.step_totals[0].failures.at("http_5xx"));
  CHECK(login.at("error_ratio").as_double() == Approx(r.step_totals[0].error_ratio()));

  CHECK(o.at("personas").as_array().size() == 3);
  CHECK(o.at("generator").at("invalid_intervals").to_number<std::uint64_t>() == 1);
  CHECK(o.at("arrivals").at("offered").as_double() == Approx(60.0 * (10 + 20 + 30 + 40 + 50 + 60 + 70 + 80 + 90 + 100)));
  const auto& verdict = o.at("verdict").as_object();
  CHECK_FALSE(verdict.at("objectives_passed").as_bool());
  CHECK(verdict.at("objectives_failed").to_number<std::uint64_t>() == 1);
  CHECK(verdict.at("limiting_step").as_string() == "login > cas");
  CHECK(verdict.at("saturation_per_s").as_double() == 80);
  const auto& capacity = o.at("capacity").as_object();
  CHECK(capacity.at("steps").as_array().size() == 10);
  CHECK(capacity.at("saturation").at("margin").as_double() == Approx(1.0));  // 80/s against 40/s required
  CHECK(o.at("objectives").as_array()[0].at("bound").as_double() == 800);
}

TEST_CASE("summary json of a killed run says it is incomplete") {
  SyntheticOptions so;
  so.seconds = 10;
  Results r = synthetic_results(so);
  r.end.reset();
  r.truncated_tail = true;
  const auto o = json::parse(summary_json(r)).as_object();
  CHECK_FALSE(o.at("complete").as_bool());
  CHECK(o.at("truncated_tail").as_bool());
  CHECK(o.at("exit_code").is_null());
  CHECK(o.at("duration_s").as_double() == 10);
  CHECK(o.at("capacity").is_null());
}

TEST_CASE("latency hlog has one tag per step and reads back with the interval log reader") {
  SyntheticOptions so;
  so.seconds = 50;
  const Results r = synthetic_results(so);
  std::stringstream log;
  write_latency_hlog(r, log);
  REQUIRE(log.str().find("#[StartTime: 1790000000.000") != std::string::npos);

  rollcall::metrics::IntervalLogReader reader(log);
  std::map<std::string, std::int64_t> counts;
  std::map<std::string, int> lines;
  rollcall::metrics::Histogram login;
  while (auto rec = reader.next()) {
    counts[rec->tag] += rec->histogram.count();
    ++lines[rec->tag];
    CHECK(rec->length_s == 1.0);
    if (rec->tag == "login_>_cas") login.merge(rec->histogram);
  }
  CHECK(reader.base_time() == Approx(1'790'000'000.0));
  REQUIRE(counts.size() == 6);
  CHECK(lines.at("login_>_cas") == 50);
  CHECK(counts.at("portal_home") == 50 * 20);
  CHECK(login.percentile(95) == r.step_totals[0].latency.percentile(95));
}

TEST_CASE("junit xml is well formed with one case per objective and per capacity rung") {
  Results r = capacity_run();
  r.objectives.push_back(rollcall::test::objective_record("p99 <grades> & \"notes\"", "<=", 1200.5, 1000, "ms", false));
  const std::string xml = junit_xml(run_junit_suites(r), r.run.started_at);
  const auto elements = rollcall::test::check_xml(xml);

  std::size_t cases = 0, failures = 0, skipped = 0;
  std::vector<std::string> failure_messages;
  for (const auto& e : elements) {
    cases += e.name == "testcase";
    skipped += e.name == "skipped";
    if (e.name == "failure") {
      ++failures;
      failure_messages.push_back(e.attribute("message"));
    }
  }
  // 3 objectives; 10 rungs + "verdict" + "saturation point covers the plan".
  CHECK(cases == 3 + 12);
  CHECK(skipped == 1);  // the invalid rung
  // Two objectives fail; rungs 9 and 10 fail above the 40/s the plan needs: not failures.
  REQUIRE(failures == 2);
  CHECK(failure_messages[0] == "At the saturation point, 80/s: NOT MET: 850 ms (objective <= 800 ms)");
  CHECK(failure_messages[1] == "At the saturation point, 80/s: NOT MET: 1.2 s (objective <= 1 s)");
  CHECK(elements[0].name == "testsuites");
  CHECK(elements[0].attribute("tests") == "15");
  CHECK(elements[0].attribute("failures") == "2");
  CHECK(xml.find("name=\"p99 &lt;grades&gt; &amp; &quot;notes&quot;\"") != std::string::npos);
}

TEST_CASE("junit xml fails a rung below the plan's rate and a killed run") {
  Results r = capacity_run();
  r.saturation->plan->required_per_s = 95;
  r.end.reset();
  std::size_t failures = 0;
  for (const auto& e : rollcall::test::check_xml(junit_xml(run_junit_suites(r), 0))) failures += e.name == "failure";
  // objective p95, "run completed", rung 9 (90/s; rung 10 is above 95/s), the plan.
  CHECK(failures == 4);
}

TEST_CASE("xml escaping replaces what XML cannot carry") {
  CHECK(xml_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  CHECK(xml_escape(std::string("x\x01y\ttab")) == "x\xEF\xBF\xBDy\ttab");
  CHECK(xml_escape("\xC3\xA9l\xC3\xA8ve") == "\xC3\xA9l\xC3\xA8ve");  // élève kept
  CHECK(xml_escape("bad \xC3 byte") == "bad \xEF\xBF\xBD byte");
}
