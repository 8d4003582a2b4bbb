// Virtual users against a real nginx: what must hold whatever the target.
#include <filesystem>
#include <fstream>
#include <map>

#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "support/nginx.hpp"

using namespace rollcall::test;

TEST_CASE("two virtual users never share cookies") {
  NginxOptions o;
  // /set gives the caller a cookie carrying its own user number; /echo
  // answers with the Cookie header it received.
  o.extra_server_config =
      "location = /set { add_header Set-Cookie \"who=$arg_v; Path=/\"; return 200 \"set\"; }\n"
      "location = /echo { return 200 \"[$http_cookie]\"; }";
  Nginx nginx("cookies", o);
  const std::string dir = test_dir("scenario-cookies");
  const std::string file = write_file(dir, "cookies.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /set?v=${vu}
        name: set
      - think: 5ms
      - get: /echo
        name: echo
        expect: {contains: "[who=${vu}]"}
)");
  auto run = run_scenario("cookies", file, {"--target", nginx.url("/"), "--vus", "20", "-t", "2", "-d", "2s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(number(run.step("echo").at("count")) > 100);
  CHECK(number(run.step("echo").at("errors")) == 0);
}

TEST_CASE("a unique feeder never gives a row twice, and says when rows run out") {
  const std::string dir = test_dir("scenario-unique");
  NginxOptions o;
  o.extra_server_config = "location = /row { access_log " + dir + "/access.log; return 200 \"row $arg_id\"; }";
  Nginx nginx("unique", o);
  std::string csv = "id,password\n";
  for (int i = 1; i <= 300; ++i) csv += std::to_string(i) + ",secret" + std::to_string(i) + "\n";
  write_file(dir, "rows.csv", csv);
  const std::string file = write_file(dir, "unique.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    feeder: {file: rows.csv, mode: unique}
    flow:
      - get: /row?id=${id}
        name: row
        expect: {contains: "row ${id}"}
)");
  auto run = run_scenario("unique", file, {"--target", nginx.url("/"), "--rate", "400", "-t", "2", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  // 400 arrivals, 300 rows: 300 journeys, 100 not started, and no id twice.
  CHECK(number(run.step("row").at("count")) == 300);
  CHECK(number(run.step("row").at("errors")) == 0);
  CHECK(run.total("feeder_exhausted") == 100);
  CHECK(run.process.out.find("ran out of rows") != std::string::npos);
  // nginx saw each id once.
  nginx.stop();
  std::ifstream log(dir + "/access.log");
  std::map<std::string, int> seen;
  for (std::string line; std::getline(log, line);) {
    const auto at = line.find("/row?id=");
    if (at == std::string::npos) continue;
    ++seen[line.substr(at + 8, line.find(' ', at) - at - 8)];
  }
  CHECK(seen.size() == 300);
  for (const auto& [id, count] : seen) CHECK(count == 1);
  // The password column is a secret: it never appears in what rollcall prints.
  CHECK(run.process.out.find("secret1") == std::string::npos);
}

TEST_CASE("a variable never extracted is a counted step failure that names it") {
  NginxOptions o;
  o.extra_server_config = "location = /page { return 200 \"no token here\"; }\nlocation = /next { return 200 \"ok\"; }";
  Nginx nginx("missing", o);
  const std::string dir = test_dir("scenario-missing");
  const std::string file = write_file(dir, "missing.yaml", R"yaml(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /page
        name: page
        extract:
          token: {regex: "token=([a-z]+)", optional: true}
      - get: /next?t=${token}
        name: next
)yaml");
  auto run = run_scenario("missing", file, {"--no-default-slo", "--target", nginx.url("/"), "--vus", "2", "-t", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  const auto& next = run.step("next");
  CHECK(number(next.at("count")) > 0);
  CHECK(number(next.at("outcomes").as_object().at("missing_variable")) == number(next.at("count")));
  CHECK(next.at("missing_variables").as_array().size() == 1);
  CHECK(next.at("missing_variables").as_array()[0].as_string() == "token");
  CHECK(run.process.out.find("unset: token") != std::string::npos);
  CHECK(number(run.persona("user").at("failed")) == number(run.persona("user").at("started")));
}

TEST_CASE("redirect hops keep cookies and change POST to GET as browsers do") {
  NginxOptions o;
  o.extra_server_config =
      "location = /login { add_header Set-Cookie \"sid=abc; Path=/\"; return 302 /step2; }\n"
      "location = /step2 { return 303 /final; }\n"
      "location = /final { return 200 \"[$request_method $http_cookie]\"; }";
  Nginx nginx("redirects", o);
  const std::string dir = test_dir("scenario-redirects");
  const std::string file = write_file(dir, "redirects.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - post: /login
        form: {a: "1"}
        name: login
        redirects: {names: [second]}
        expect: {contains: "[GET sid=abc]"}
)");
  auto run = run_scenario("redirects", file, {"--target", nginx.url("/"), "--vus", "1", "-t", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(number(run.step("login").at("count")) > 0);
  CHECK(number(run.step("login > second").at("count")) == number(run.step("login").at("count")));
  CHECK(number(run.step("login > final").at("count")) == number(run.step("login").at("count")));
  CHECK(number(run.step("login > final").at("errors")) == 0);
}

TEST_CASE("a body larger than the socket takes at once arrives whole: 8 MB uploads written by nginx") {
  const std::string dir = test_dir("scenario-big-upload");
  const std::string store = dir + "/store";
  std::filesystem::create_directories(store);
  // nginx's workers may not run as root: the folder they write must be theirs to write.
  std::filesystem::permissions(store, std::filesystem::perms::all);
  NginxOptions o;
  o.extra_server_config = "location /put/ { alias " + store +
                          "/; dav_methods PUT; client_max_body_size 64m; }";
  Nginx nginx("big-upload", o);
  const std::string file = write_file(dir, "upload.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - put: /put/u${vu}.bin
        name: upload
        multipart:
          - {name: file, bytes: 8MB, filename: u.bin, content_type: application/octet-stream}
        expect: {status: 201}
)");
  auto run = run_scenario("big-upload", file, {"--target", nginx.url("/"), "--rate", "4", "-t", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(number(run.step("upload").at("count")) == 4);
  CHECK(number(run.step("upload").at("errors")) == 0);
  nginx.stop();
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(store)) {
    ++files;
    // The file part's 8 MB and the multipart framing around it, ending with
    // the closing boundary: nothing lost or cut at the socket's limit.
    const auto size = std::filesystem::file_size(entry.path());
    CHECK(size > 8'000'000);
    CHECK(size < 8'400'000);
    std::ifstream in(entry.path(), std::ios::binary);
    in.seekg(-4, std::ios::end);
    std::string tail(4, '\0');
    in.read(tail.data(), 4);
    CHECK(tail == "--\r\n");
  }
  CHECK(files == 4);
}
