// rollcall against a server that answers wrong on purpose: each answer must
// become a counted, classified outcome of the request it belongs to, in
// bounded time and memory, in bench and in scenario runs alike.
#include <catch2/catch.hpp>

#include "integration/bench_helpers.hpp"
#include "integration/run_helpers.hpp"
#include "support/stub_server.hpp"

using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

// 103 Early Hints at once, the answer 50 ms later.
std::vector<StubServer::Piece> early_hints() {
  return {{"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n", 50ms},
          {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"}};
}

// A chunked answer whose first chunk line never ends.
std::vector<StubServer::Piece> endless_chunk_line() {
  return {{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;"}, {std::string(16 * 1024, 'a'), 0ms, true}};
}

std::string one_page_scenario(const std::string& dir, const std::string& expect = "ok") {
  return write_file(dir, "page.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    flow:
      - get: /page
        name: page
        timeout: 3s
        expect: {status: 200, contains: ")" + expect + R"("}
      - get: /next
        name: next
)");
}

}  // namespace

TEST_CASE("bench: an interim 103 answer is skipped, and the answer after it is timed as the request's") {
  StubServer server;
  server.set_pieces(early_hints());
  auto run = bench("early-hints", {server.url(), "-c", "1", "-t", "1", "-d", "2s"});
  INFO(run.process.err);
  REQUIRE(run.process.exit_code == 0);
  // One connection, 50 ms an answer: at most 40 in 2 s, each at least 50
  // ms (taking the 103 for the answer made it 40/s at 0.7 ms).
  CHECK(field(run.json, "errors_total") == 0);
  CHECK(field(run.json, "requests") <= 41);
  CHECK(field(run.json, "requests") >= 10);
  CHECK(field(run.json, "latency_ms", "p50") >= 49);
  // Every request sent was answered once: the server saw as many.
  CHECK(static_cast<double>(server.requests()) <= field(run.json, "requests") + 1);
}

TEST_CASE("bench: a chunk line that never ends is malformed, in bounded memory and on time") {
  StubServer server;
  server.set_pieces(endless_chunk_line());
  auto run = bench("endless-chunk-line", {server.url(), "-c", "4", "-t", "1", "-d", "3s", "--timeout", "3s"});
  INFO(run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(field(run.json, "requests") == 0);
  CHECK(field(run.json, "errors", "malformed") >= 4);
  CHECK(field(run.json, "errors_total") == field(run.json, "errors", "malformed"));
  // It grew by what the server sent (127 MB, a 3 s run lasting 7 s).
  CHECK(within_memory(run.process.peak_rss_kb, 48 * 1024));
  CHECK(run.process.wall_s < 5.5);
}

TEST_CASE("run: an interim 103 answer is skipped, and the answer after it is the step's") {
  StubServer server;
  server.set_pieces(early_hints());
  const std::string dir = test_dir("hostile-early-hints");
  auto run = run_scenario("hostile-early-hints", one_page_scenario(dir),
                          {"--target", server.url("/"), "--vus", "1", "-t", "1", "-d", "2s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  const auto& page = run.step("page");
  CHECK(number(page.at("errors")) == 0);
  CHECK(number(page.at("count")) >= 5);
  CHECK(number(page.at("latency_ms").as_object().at("p50")) >= 49);
  CHECK(number(run.step("next").at("latency_ms").as_object().at("p50")) >= 49);
  // Two requests a journey, each answered once.
  CHECK(static_cast<double>(server.requests()) <= number(page.at("count")) + number(run.step("next").at("count")) + 1);
}

TEST_CASE("run: a chunk line that never ends is malformed, in bounded memory and on time") {
  StubServer server;
  server.set_pieces(endless_chunk_line());
  const std::string dir = test_dir("hostile-chunk-line");
  auto run = run_scenario("hostile-chunk-line", one_page_scenario(dir),
                          {"--target", server.url("/"), "--vus", "4", "-t", "1", "-d", "3s"});
  INFO(run.process.out << run.process.err);
  const auto& page = run.step("page");
  CHECK(number(page.at("count")) >= 4);
  CHECK(number(page.at("errors")) == number(page.at("count")));
  CHECK(number(page.at("failures").as_object().at("malformed")) >= 4);
  CHECK(within_memory(run.process.peak_rss_kb, 64 * 1024));
  CHECK(run.process.wall_s < 6.5);
}

TEST_CASE("run: a chunked answer's trailers are not headers: a cookie set there is not kept") {
  StubServer server;
  server.set_pieces({{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: header=1\r\n\r\n"
                      "2\r\nok\r\n0\r\nSet-Cookie: trailer=1\r\n\r\n"}});
  const std::string dir = test_dir("hostile-trailers");
  auto run = run_scenario("hostile-trailers", one_page_scenario(dir),
                          {"--target", server.url("/"), "--vus", "1", "-t", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(number(run.step("page").at("errors")) == 0);
  CHECK(number(run.step("next").at("count")) >= 1);
  const std::string head = server.last_head();
  INFO(head);
  CHECK(head.find("header=1") != std::string::npos);
  CHECK(head.find("trailer=1") == std::string::npos);
}

TEST_CASE("run: a redirect to a Location that is not http(s) fails the step once, and nothing is sent again") {
  StubServer server;
  server.set_response("HTTP/1.1 302 Found\r\nLocation: myapp://open?ticket=ST-1-secret\r\nContent-Length: 0\r\n\r\n");
  const std::string dir = test_dir("hostile-location-scheme");
  auto run = run_scenario("hostile-location-scheme", one_page_scenario(dir),
                          {"--target", server.url("/"), "--vus", "1", "-t", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  const auto& page = run.step("page");
  CHECK(number(page.at("count")) >= 1);
  CHECK(number(page.at("errors")) == number(page.at("count")));
  // One request a journey (it was resent ten times, each counted a success).
  CHECK(static_cast<double>(server.requests()) == number(page.at("count")));
  CHECK(run.process.out.find("cannot follow (myapp") != std::string::npos);
  CHECK(run.process.out.find("ST-1-secret") == std::string::npos);
  CHECK(run.process.err.find("ST-1-secret") == std::string::npos);
}

TEST_CASE("run: hops named after the server's paths never carry its ids or tokens") {
  StubServer server;
  server.set_response("HTTP/1.1 302 Found\r\nLocation: /a1b2c3d4e5f60718/next;jsessionid=S3CR3T\r\nContent-Length: 0\r\n\r\n");
  const std::string dir = test_dir("hostile-hop-names");
  auto run = run_scenario("hostile-hop-names", one_page_scenario(dir),
                          {"--target", server.url("/"), "--vus", "2", "-t", "1", "-d", "1s"});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.json.contains("steps"));
  for (const auto& s : run.json.at("steps").as_array()) {
    const std::string name(s.as_object().at("name").as_string());
    INFO(name);
    CHECK(name.find("a1b2") == std::string::npos);
    CHECK(name.find("S3CR3T") == std::string::npos);
  }
  CHECK(number(run.step("page > hop").at("count")) >= 1);
  CHECK(run.process.out.find("S3CR3T") == std::string::npos);
}
