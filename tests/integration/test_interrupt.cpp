// Ctrl-C during a run: the summary still comes, the exit code says aborted.
#include <signal.h>

#include <thread>

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "support/nginx.hpp"

using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

boost::json::object read_json(const std::string& path) { return boost::json::parse(read_file(path)).as_object(); }

}  // namespace

TEST_CASE("SIGINT stops a bench early with its summary and exit code 3") {
  NginxOptions o;
  o.files["small.txt"] = std::string(200, 's');
  Nginx nginx("interrupt-bench", o);
  const std::string dir = test_dir("interrupt-bench");
  BackgroundProcess bench({ROLLCALL_BINARY, "bench", nginx.url("/small.txt"), "-c", "4", "-t", "1", "-d", "60s",
                           "--json", dir + "/result.json"},
                          dir + "/output.txt");
  std::this_thread::sleep_for(1500ms);
  const int code = bench.stop(SIGINT, 10000ms);
  CHECK(code == 3);
  const auto json = read_json(dir + "/result.json");
  CHECK(json.at("interrupted").as_bool());
  CHECK(number(json.at("duration_s")) > 1.0);
  CHECK(number(json.at("duration_s")) < 5.0);
  CHECK(number(json.at("requests")) > 100);
  CHECK(number(json.at("errors_total")) == 0);
  CHECK(read_file(dir + "/output.txt").find("interrupted  after") != std::string::npos);
}

TEST_CASE("SIGTERM stops a scenario run: journeys under way finish, none starts") {
  NginxOptions o;
  o.extra_server_config = "location = /a { return 200 \"a\"; }";
  Nginx nginx("interrupt-run", o);
  const std::string dir = test_dir("interrupt-run");
  const std::string file = write_file(dir, "s.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /a
        name: a
      - think: 300ms
      - get: /a
        name: b
)");
  BackgroundProcess run({ROLLCALL_BINARY, "run", file, "--target", nginx.url("/"), "--rate", "20", "-t", "1", "-d", "60s",
                         "--json", dir + "/result.json"},
                        dir + "/output.txt");
  std::this_thread::sleep_for(1500ms);
  const int code = run.stop(SIGTERM, 10000ms);
  CHECK(code == 3);
  const auto json = read_json(dir + "/result.json");
  CHECK(json.at("interrupted").as_bool());
  const auto& persona = json.at("personas").as_array()[0].as_object();
  CHECK(number(persona.at("started")) >= 20);
  CHECK(number(persona.at("started")) <= 40);
  // Every journey started before the signal ended; none was cut.
  CHECK(number(persona.at("completed")) == number(persona.at("started")));
}
