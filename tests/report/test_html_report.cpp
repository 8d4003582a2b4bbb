#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <regex>
#include <string>

#include "report/html_charts.hpp"
#include "report/html_report.hpp"
#include "report/results_stream.hpp"
#include "support/process.hpp"
#include "support/skip.hpp"
#include "stream_files.hpp"
#include "synthetic.hpp"

using namespace rollcall::report;
using rollcall::test::SyntheticOptions;
using rollcall::test::synthetic_results;

namespace {

// A one-hour capacity search: 3600 intervals, 6 steps, 10 rungs, read back
// from a real stream so the report sees what `rollcall report` would. The
// sanitized build draws 20 minutes: already twice the 600 points a series
// may draw, so the size and the merging are tested all the same.
const Results& one_hour() {
  static const Results r = [] {
    SyntheticOptions o;
    o.seconds = rollcall::test::sanitized_build ? 1200 : 3600;
    o.capacity = true;
    o.rung_s = o.seconds / 10;
    o.samples_per_step = 10;
    Results written = synthetic_results(o);
    written.run.steps.push_back("<script>alert(1)</script> & co");  // a hostile step name, never measured
    written.run.config = boost::json::object{{"scenario", "morning-rush.yaml"},
                                             {"login", {{"user", "${login}"}, {"password", "hunter2"}}},
                                             {"headers", boost::json::array{"Authorization: Bearer abc.def"}}};
    // A folder of this test case's own: ctest runs the cases that share this
    // run in parallel processes, and test_dir() empties its folder.
    std::string name = Catch::getResultCapture().getCurrentTestName();
    for (char& c : name)
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
    const std::string path = rollcall::test::write_results_dir(written, rollcall::test::test_dir("html_one_hour/" + name));
    return read_results_file(path);
  }();
  return r;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Counts, in the browser, what each chart drew, and records script errors.
constexpr const char* kErrorTrap =
    "<script>window.__errors=[];window.addEventListener('error',function(e){window.__errors.push(String(e.message));});</script>";
constexpr const char* kChartCheck = R"(<script>(function(){
var lines=[];var svgs=document.querySelectorAll('svg.chart');
for(var i=0;i<svgs.length;i++){var svg=svgs[i];var els=svg.querySelectorAll('path[data-points],g[data-points]');var declared=0,drawn=0,bad=0;
for(var k=0;k<els.length;k++){var el=els[k];var n=+el.getAttribute('data-points');
var got=el.tagName.toLowerCase()==='path'?(el.getAttribute('d').match(/[ML]/g)||[]).length:el.querySelectorAll('circle').length;
declared+=n;drawn+=got;if(got!==n)bad++;}
var box=svg.getBoundingClientRect();
lines.push(svg.id+' '+svg.getAttribute('data-points')+' '+declared+' '+drawn+' '+bad+' '+(box.width>0&&box.height>0?'laid-out':'hidden'));}
var pre=document.createElement('pre');pre.id='chart-check';pre.textContent=lines.join('\n');document.body.appendChild(pre);
var e=document.createElement('pre');e.id='js-errors';e.textContent=window.__errors.join('\n');document.body.appendChild(e);})();</script>)";

std::string instrumented(std::string html) {
  html.insert(html.find("<meta charset=\"utf-8\">") + 22, kErrorTrap);
  html.insert(html.rfind("</body>"), kChartCheck);
  return html;
}

std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const auto a = text.find(open);
  if (a == std::string::npos) return {};
  const auto b = text.find(close, a + open.size());
  return text.substr(a + open.size(), b - a - open.size());
}

std::vector<std::string> chromium(const std::string& dir, std::vector<std::string> extra) {
  std::vector<std::string> argv{"chromium",        "--headless",           "--no-sandbox", "--disable-gpu",
                                "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                                "--hide-scrollbars", "--user-data-dir=" + dir + "/chromium-profile",
                                "--enable-logging=stderr", "--v=0"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

}  // namespace

TEST_CASE("html report of a one-hour run is self-contained, escaped, redacted and under 2 MB") {
  const Results& r = one_hour();
  for (Lang lang : {Lang::en, Lang::fr}) {
    const std::string html = html_report(r, lang);
    CHECK(html.size() < 2'000'000);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find(" src=") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    // The only URLs are the SVG namespace and the target, as text.
    const std::regex url(R"((https?:)?//[A-Za-z0-9.-]+)");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it) {
      const std::string u = it->str();
      if (u.find("www.w3.org") != std::string::npos || u.find("ent.example.fr") != std::string::npos) continue;
      if (u.rfind("//", 0) == 0) continue;  // '//' inside text or script, not a URL
      FAIL("unexpected URL " << u);
    }
    CHECK(html.find("hunter2") == std::string::npos);
    CHECK(html.find("abc.def") == std::string::npos);
    CHECK(html.find("Authorization: ***") != std::string::npos);
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") != std::string::npos);
    // arrivals, saturation, USL, generator; the limiting step and the 6 measured steps.
    CHECK(count_of(html, "<svg class=\"chart\"") == 4 + 1 + 6);
  }
  const std::string fr = html_report(r, Lang::fr);
  CHECK(fr.find("<html lang=\"fr\">") != std::string::npos);
  CHECK(fr.find("Le portail sature à 80,0 arrivées/s.") != std::string::npos);
  CHECK(fr.find("+100\u00a0% par rapport aux 40,0/s qu&#39;exige Monday 8:00, 1200 students") != std::string::npos);
  const std::string en = html_report(r, Lang::en);
  CHECK(en.find("The portal saturates at 80.0 arrivals/s.") != std::string::npos);
  CHECK(en.find("<dd id=\"limiting-step\">login &gt; cas</dd>") != std::string::npos);
  CHECK(en.find("Not met at the saturation point, 80 journeys/s: p95 login &gt; cas (NOT MET).") != std::string::npos);
}

TEST_CASE("html charts merge a one-hour run down to the drawn-point budget") {
  const Results& r = one_hour();
  const Strings& s = strings(Lang::en);
  const auto seconds = r.intervals.size();
  CHECK(seconds_per_point(r) == seconds / 600);
  const auto arrivals = arrivals_chart(r, s);
  REQUIRE(arrivals.series.size() == 2);
  CHECK(arrivals.series[0].points.size() == 600);
  CHECK(arrivals.bands.size() == 10);
  CHECK(arrivals.bands[1].css_class == "band-invalid");
  CHECK(arrivals.bands[9].css_class == "band-fail");
  // Highest of each stretch drawn as one point: a one-second spike still shows.
  const auto latency = latency_chart(r, s, "login > cas", "x");
  double highest = 0, drawn_highest = 0;
  for (const auto& i : r.intervals) highest = std::max(highest, i.steps[0].latency.p99_us / 1000.0);
  for (const auto& p : latency.series[2].points) drawn_highest = std::max(drawn_highest, p.second);
  CHECK(drawn_highest == highest);
  const auto generator = generator_chart(r, s);
  CHECK(generator.bands.size() == seconds / 600);  // one invalid interval every 600 s
  const auto saturation = saturation_chart(r, s);
  REQUIRE(saturation);
  CHECK(saturation->series[0].points.size() == 10);
  CHECK(saturation->markers.size() == 2);
  const auto usl = usl_chart(r, s);
  REQUIRE(usl);
  CHECK(usl->series[1].points.size() == 80);
  CHECK(usl->series[1].points.back().second == Approx(r.saturation->usl->at(usl->series[1].points.back().first)));
}

TEST_CASE("html report renders in headless chromium with every chart point drawn and no console error") {
  if (!rollcall::test::program_exists("chromium")) {
    rollcall::test::print_skipped("chromium is not installed (scripts/install-deps.sh installs it): no browser check");
    return;
  }
  const Results& r = one_hour();
  const std::string dir = rollcall::test::test_dir("html_chromium");
  const std::string page = dir + "/report.html";
  { std::ofstream(page) << instrumented(html_report(r, Lang::fr)); }
  { std::ofstream(dir + "/report-plain.html") << html_report(r, Lang::fr); }

  const auto dom = rollcall::test::run_process(chromium(dir, {"--dump-dom", "file://" + page}), std::chrono::seconds(90));
  REQUIRE(dom.exit_code == 0);
  { std::ofstream(dir + "/dom.html") << dom.out; }
  { std::ofstream(dir + "/chromium-stderr.txt") << dom.err; }
  // --enable-logging=stderr prints every console message as "...:CONSOLE...";
  // the report logs nothing, so any such line is an error or a CSP violation.
  std::istringstream err(dom.err);
  for (std::string line; std::getline(err, line);)
    if (line.find("CONSOLE") != std::string::npos) FAIL("console: " << line);
  CHECK(between(dom.out, "<pre id=\"js-errors\">", "</pre>").empty());

  const std::string check = between(dom.out, "<pre id=\"chart-check\">", "</pre>");
  INFO(check);
  std::istringstream lines(check);
  std::map<std::string, std::vector<std::string>> charts;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream f(line);
    std::vector<std::string> fields;
    for (std::string w; f >> w;) fields.push_back(w);
    REQUIRE(fields.size() == 6);
    charts[fields[0]] = fields;
    CHECK(fields[1] == fields[2]);  // the svg's total is the sum of its series
    CHECK(fields[2] == fields[3]);  // every declared point is a vertex or a circle
    CHECK(fields[4] == "0");
    CHECK(std::stoul(fields[3]) > 0);
  }
  REQUIRE(charts.size() == 11);
  CHECK(charts.at("chart-arrivals")[3] == "1200");
  CHECK(charts.at("chart-latency-limiting")[3] == "1800");
  CHECK(charts.at("chart-saturation")[3] == "40");  // 10 rungs × 2 series × (line + dots)
  CHECK(charts.at("chart-usl")[3] == "90");
  CHECK(charts.at("chart-generator")[3] == "1800");
  CHECK(charts.at("chart-arrivals")[5] == "laid-out");
  // The step picker ran: one step chart visible, the others hidden.
  CHECK(charts.at("chart-latency-1")[5] == "laid-out");
  CHECK(charts.at("chart-latency-0")[5] == "hidden");
  CHECK(charts.at("chart-latency-2")[5] == "hidden");

  const std::string png = dir + "/report.png";
  const auto shot = rollcall::test::run_process(
      chromium(dir, {"--screenshot=" + png, "--window-size=1280,7000", "file://" + dir + "/report-plain.html"}),
      std::chrono::seconds(90));
  CHECK(shot.exit_code == 0);
  REQUIRE(std::filesystem::exists(png));
  CHECK(std::filesystem::file_size(png) > 50'000);
}
