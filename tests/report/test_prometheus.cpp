// The Prometheus exposition: latency histograms that add up across
// generators, and the Grafana dashboard in docs/ that reads them.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <catch2/catch.hpp>

#include "report/prometheus.hpp"

using namespace rollcall;

namespace {

// A run so far with known latencies (µs) on "login", one of them a
// timeout, and none on "portal".
struct Scrape {
  engine::JourneyStats total;
  std::string text;

  Scrape() {
    total.set_personas({"student"});
    auto& login = total.step("login");
    for (std::int64_t us : {1'000, 4'999, 5'000, 5'004, 250'000, 999'999, 45'000'000, 90'000'000}) login.latency.record(us);
    login.outcomes[static_cast<std::size_t>(engine::Outcome::success)] = 7;
    login.outcomes[static_cast<std::size_t>(engine::Outcome::transport_error)] = 1;
    login.failures[static_cast<std::size_t>(http::Failure::timeout_read)] = 1;  // failures are exported once they happen
    total.step("portal");
    const engine::IntervalReport last{0, 0, 1, total, 0.5, 1};
    text = report::prometheus_text(total, last);
  }
};

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// One sample line of the text format: name{a="b",c="d"} value.
Sample parse_sample(const std::string& line) {
  Sample s;
  const auto brace = line.find('{');
  const auto space = line.rfind(' ');
  s.name = line.substr(0, std::min(brace, line.find(' ')));
  if (brace != std::string::npos) {
    static const std::regex label(R"re(([a-z_]+)="((?:[^"\\]|\\.)*)")re");
    const std::string inside = line.substr(brace + 1, line.rfind('}') - brace - 1);
    for (std::sregex_iterator it(inside.begin(), inside.end(), label), end; it != end; ++it) s.labels[(*it)[1]] = (*it)[2];
  }
  s.value = std::stod(line.substr(space + 1));
  return s;
}

std::vector<Sample> samples(const std::string& text) {
  std::vector<Sample> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(parse_sample(line));
  return out;
}

double le_value(const std::string& le) { return le == "+Inf" ? std::numeric_limits<double>::infinity() : std::stod(le); }

// Every "expr" string anywhere in the dashboard.
void collect_exprs(const boost::json::value& v, std::vector<std::string>& out) {
  if (v.is_object()) {
    for (const auto& [key, member] : v.as_object()) {
      if (key == "expr" && member.is_string()) out.emplace_back(member.as_string());
      collect_exprs(member, out);
    }
  } else if (v.is_array()) {
    for (const auto& e : v.as_array()) collect_exprs(e, out);
  }
}

}  // namespace

TEST_CASE("prometheus histogram: exact cumulative bucket counts for known latencies") {
  Scrape scrape;
  std::vector<std::pair<std::string, double>> login;
  double count = -1, sum = -1;
  for (const auto& s : samples(scrape.text)) {
    if (s.labels.count("step") == 0 || s.labels.at("step") != "login") continue;
    if (s.name == "rollcall_request_duration_seconds_bucket") login.emplace_back(s.labels.at("le"), s.value);
    if (s.name == "rollcall_request_duration_seconds_count") count = s.value;
    if (s.name == "rollcall_request_duration_seconds_sum") sum = s.value;
  }
  const std::vector<std::pair<std::string, double>> expected{
      {"0.005", 3}, {"0.01", 4}, {"0.025", 4}, {"0.05", 4}, {"0.1", 4}, {"0.2", 4}, {"0.3", 5},
      {"0.5", 5},   {"0.75", 5}, {"1", 6},     {"1.5", 6},  {"2", 6},   {"3", 6},   {"5", 6},
      {"10", 6},    {"20", 6},   {"30", 6},    {"60", 7},   {"+Inf", 8}};
  CHECK(login == expected);
  CHECK(count == 8);
  // The sum is the histogram's (bucket midpoints): within its precision of the exact one.
  CHECK(sum == Approx(1e-6 * (1'000 + 4'999 + 5'000 + 5'004 + 250'000 + 999'999 + 45'000'000 + 90'000'000)).epsilon(1e-3));
  CHECK(scrape.text.find("# TYPE rollcall_request_duration_seconds histogram\n") != std::string::npos);

  // The bound is inclusive; within the HDR precision (1/1000) a value just
  // above a bound may count below it: 1.0004 s shares 0.999936 s's bucket.
  metrics::Histogram h;
  h.record(1'000'400);
  CHECK(report::counts_at_or_below(h)[9] == 1);  // le="1"
  CHECK(report::counts_at_or_below(metrics::Histogram{})[17] == 0);
}

TEST_CASE("prometheus histogram: every step's buckets are sorted and cumulative with +Inf equal to the count") {
  Scrape scrape;
  std::map<std::string, std::vector<std::pair<double, double>>> buckets;
  std::map<std::string, double> counts;
  for (const auto& s : samples(scrape.text)) {
    if (s.name == "rollcall_request_duration_seconds_bucket") buckets[s.labels.at("step")].emplace_back(le_value(s.labels.at("le")), s.value);
    if (s.name == "rollcall_request_duration_seconds_count") counts[s.labels.at("step")] = s.value;
  }
  REQUIRE(buckets.size() == 2);
  for (const auto& [step, list] : buckets) {
    INFO(step);
    REQUIRE(list.size() == std::size(report::latency_buckets) + 1);
    for (std::size_t i = 1; i < list.size(); ++i) {
      CHECK(list[i - 1].first < list[i].first);    // le sorted
      CHECK(list[i - 1].second <= list[i].second);  // cumulative
    }
    CHECK(list.back().first == std::numeric_limits<double>::infinity());
    CHECK(list.back().second == counts.at(step));
  }
  CHECK(counts.at("portal") == 0);
  // The summary the dashboards of earlier versions read is still there.
  CHECK(scrape.text.find("rollcall_latency_seconds_count{step=\"login\"} 8\n") != std::string::npos);
  CHECK(scrape.text.find("rollcall_latency_seconds{step=\"login\",quantile=\"0.95\"}") != std::string::npos);
}

TEST_CASE("grafana dashboard: importable JSON whose every metric is one the endpoint exports") {
  std::ifstream in(std::string(ROLLCALL_SOURCE_DIR) + "/docs/grafana-dashboard.json");
  REQUIRE(in);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  const boost::json::value dashboard = boost::json::parse(text);
  const auto& d = dashboard.as_object();
  CHECK(d.at("title").as_string() == "rollcall load test");
  REQUIRE(d.at("panels").as_array().size() > 5);

  // The datasource is a variable: the dashboard imports into any Grafana.
  bool datasource_variable = false;
  for (const auto& v : d.at("templating").as_object().at("list").as_array())
    if (v.as_object().at("name").as_string() == "datasource" && v.as_object().at("type").as_string() == "datasource")
      datasource_variable = true;
  CHECK(datasource_variable);
  CHECK(text.find("\"uid\": \"${datasource}\"") != std::string::npos);

  std::set<std::string> exported;
  for (const auto& s : samples(Scrape().text)) exported.insert(s.name);
  std::vector<std::string> exprs;
  collect_exprs(dashboard, exprs);
  REQUIRE(exprs.size() >= 10);
  static const std::regex metric(R"(rollcall_[a-z_]+)");
  std::set<std::string> used;
  for (const auto& e : exprs)
    for (std::sregex_iterator it(e.begin(), e.end(), metric), end; it != end; ++it) used.insert(it->str());
  for (const auto& name : used) {
    INFO(name);
    CHECK(exported.count(name) == 1);
  }
  // The panels the dashboard promises, latency from the histograms summed across generators.
  for (const char* wanted : {"rollcall_arrivals_per_second", "rollcall_requests_total", "rollcall_users_running",
                             "rollcall_request_duration_seconds_bucket", "rollcall_loop_lag_seconds"})
    CHECK(used.count(wanted) == 1);
  CHECK(text.find("histogram_quantile(0.95, sum by (le, step) (rate(rollcall_request_duration_seconds_bucket") !=
        std::string::npos);
}
