// Many logged-in users parked on one machine: what each costs in memory,
// and that connections leave from the --source-ip addresses.
#include <fstream>
#include <set>

#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "support/nginx.hpp"

using namespace rollcall::test;

namespace {

// ASan's shadow memory and redzones multiply what every allocation costs:
// the 20 KB per user target only means something in an unsanitized build.
#if defined(__SANITIZE_ADDRESS__)
constexpr double per_user_bound_kb = 250;
constexpr const char* build_kind = "ASan build, loose bound";
#else
constexpr double per_user_bound_kb = 20;
constexpr const char* build_kind = "unsanitized build";
#endif

// Logs in (a session cookie) and then reads for an hour: the user stays
// logged in, with its keep-alive connection idle, until the run ends.
constexpr const char* parked_user = R"(target: http://127.0.0.1/
personas:
  parent:
    flow:
      - get: /login
        name: login
        expect: {status: 200}
      - think: 1h
)";

double peak_rss(const ScenarioRun& run) { return number(run.json.at("generator").as_object().at("peak_rss_bytes")); }

}  // namespace

TEST_CASE("5000 logged-in users with an idle keep-alive connection each stay small") {
  NginxOptions o;
  o.extra_server_config = "location = /login { add_header Set-Cookie \"JSESSIONID=0123456789abcdef0123456789abcdef; Path=/; HttpOnly\"; return 200 \"welcome\"; }";
  Nginx nginx("vus-scale", o);
  const std::string file = write_file(test_dir("vus-scale"), "parked.yaml", parked_user);

  auto baseline = run_scenario("vus-scale-baseline", file, {"--target", nginx.url("/"), "--vus", "1", "-t", "2", "-d", "3s", "--grace", "1s"});
  INFO(baseline.process.out << baseline.process.err);
  REQUIRE(baseline.process.exit_code == 0);

  constexpr int users = 5000;
  auto run = run_scenario("vus-scale", file,
                          {"--target", nginx.url("/"), "--vus", std::to_string(users), "-t", "2", "-d", "6s", "--ramp-up", "2s",
                           "--grace", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  // Every user logged in once, on a connection of its own, and was still
  // reading when the run ended.
  CHECK(number(run.step("login").at("count")) == users);
  CHECK(number(run.step("login").at("errors")) == 0);
  CHECK(run.total("connects") == users);
  CHECK(number(run.persona("parent").at("abandoned")) == users);
  const auto& generator = run.json.at("generator").as_object();
  CHECK(number(generator.at("ramp_up_s")) == 2.0);
  CHECK(generator.contains("start_loop_lag_ms_max"));

  const double per_user_kb = (peak_rss(run) - peak_rss(baseline)) / (users - 1) / 1024.0;
  WARN("rollcall peak RSS: " << peak_rss(baseline) / 1048576.0 << " MiB with 1 user, " << peak_rss(run) / 1048576.0
                             << " MiB with " << users << "; " << per_user_kb << " KB per logged-in user with an idle connection ("
                             << build_kind << ")");
  CHECK(per_user_kb > 0);
  CHECK(per_user_kb <= per_user_bound_kb);
}

TEST_CASE("connections leave from the --source-ip addresses in turn") {
  const std::string dir = test_dir("source-ip");
  NginxOptions o;
  o.extra_server_config = "location = /who { access_log " + dir + "/access.log; return 200 \"ok\"; }";
  Nginx nginx("source-ip", o);
  auto run = bench("source-ip", {"-c", "6", "-t", "2", "-d", "1s", "--source-ip", "127.0.0.2-127.0.0.4", nginx.url("/who")});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  nginx.stop();
  // nginx's default log format starts with the client's address.
  std::ifstream log(dir + "/access.log");
  std::set<std::string> clients;
  std::size_t lines = 0;
  for (std::string line; std::getline(log, line); ++lines) clients.insert(line.substr(0, line.find(' ')));
  CHECK(lines > 0);
  CHECK(clients == std::set<std::string>{"127.0.0.2", "127.0.0.3", "127.0.0.4"});
}
