#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <boost/json/parse.hpp>

#include "stream_files.hpp"
#include "support/process.hpp"
#include "synthetic.hpp"
#include "xml_check.hpp"

using namespace rollcall::report;
using rollcall::test::read_file;
using rollcall::test::run_rollcall;
using rollcall::test::SyntheticOptions;
using rollcall::test::synthetic_results;
using rollcall::test::test_dir;
using rollcall::test::write_results_dir;

namespace {

std::string results_dir(const std::string& name, double scale, std::uint32_t seed, bool finished = true) {
  SyntheticOptions o;
  o.seconds = 240;
  o.latency_scale = scale;
  o.seed = seed;
  const std::string dir = test_dir(name);
  write_results_dir(synthetic_results(o), dir, finished);
  return dir;
}

}  // namespace

TEST_CASE("rollcall report rebuilds summary, hlog, junit and html from the stream") {
  const std::string dir = results_dir("cli_report", 1.0, 1);
  const auto r = run_rollcall({"report", dir, "--lang", "fr"});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // the synthetic run misses its p95 objective
  for (const char* file : {"summary.json", "latency.hlog", "junit.xml", "report.html"}) {
    CHECK(std::filesystem::exists(dir + "/" + file));
    CHECK(r.out.find(file) != std::string::npos);
  }
  const auto summary = boost::json::parse(read_file(dir + "/summary.json")).as_object();
  CHECK(summary.at("schema").as_string() == "rollcall.summary/1");
  CHECK(summary.at("intervals").to_number<int>() == 240);
  CHECK(read_file(dir + "/report.html").find("<html lang=\"fr\">") != std::string::npos);
  CHECK(read_file(dir + "/latency.hlog").find("Tag=login_>_cas,") != std::string::npos);
  rollcall::test::check_xml(read_file(dir + "/junit.xml"));
  CHECK_FALSE(std::filesystem::exists(dir + "/report.html.tmp"));
}

TEST_CASE("rollcall report on a killed run says so and exits 3") {
  const std::string dir = results_dir("cli_report_killed", 1.0, 1, false);
  { std::ofstream(dir + "/results.jsonl", std::ios::app) << "{\"type\":\"interval\",\"t_s\":240,\"steps\":[{\"na"; }
  const auto r = run_rollcall({"report", dir, "--lang", "en"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("cut") != std::string::npos);
  CHECK(r.err.find("did not finish") != std::string::npos);
  CHECK(read_file(dir + "/junit.xml").find("name=\"run completed\"") != std::string::npos);
  CHECK(read_file(dir + "/report.html").find("The run did not finish") != std::string::npos);
}

TEST_CASE("rollcall report refuses a directory without results and a bad language") {
  const std::string empty = test_dir("cli_report_empty");
  const auto r = run_rollcall({"report", empty});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no results stream here") != std::string::npos);
  const auto lang = run_rollcall({"report", results_dir("cli_report_lang", 1.0, 1), "--lang", "de"});
  CHECK(lang.exit_code == 2);
  CHECK(lang.err.find("--lang 'de'") != std::string::npos);
}

TEST_CASE("rollcall compare exits 1 on a regression with table, json and junit") {
  const std::string base = results_dir("cli_compare_base", 1.0, 1);
  const std::string slow = results_dir("cli_compare_slow", 1.4, 2);
  const std::string junit = test_dir("cli_compare_junit") + "/compare.xml";
  const auto table = run_rollcall({"compare", base, slow, "--junit", junit});
  INFO(table.err);
  CHECK(table.exit_code == 1);
  CHECK(table.out.find("verdict: REGRESSION") != std::string::npos);
  std::size_t failures = 0;
  for (const auto& e : rollcall::test::check_xml(read_file(junit))) failures += e.name == "failure";
  CHECK(failures > 0);

  const auto json = run_rollcall({"compare", base, slow, "--json", "--tolerance", "50%"});
  CHECK(json.exit_code == 0);  // 40% slower is within a 50% tolerance
  const auto o = boost::json::parse(json.out).as_object();
  CHECK(o.at("schema").as_string() == "rollcall.compare/1");
  CHECK(o.at("tolerance").as_double() == 0.5);
  CHECK_FALSE(o.at("regression").as_bool());
}

TEST_CASE("rollcall compare of a run with a rerun of the same load exits 0") {
  const auto r = run_rollcall({"compare", results_dir("cli_compare_a", 1.0, 1), results_dir("cli_compare_b", 1.0, 2)});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("verdict: no regression") != std::string::npos);
}

TEST_CASE("rollcall compare refuses a bad tolerance") {
  const std::string base = results_dir("cli_compare_tol", 1.0, 1);
  const auto r = run_rollcall({"compare", base, base, "--tolerance", "10"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--tolerance '10'") != std::string::npos);
}
