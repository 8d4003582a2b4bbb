// The hostile-server table (docs/reliability.md): each way a server can
// answer wrong, against `bench` and against a scenario `run`. For every
// case and both modes: the run ends on time, the failure lands in its
// class, every attempt is accounted for (attempts = outcomes), the results
// are written, the exit code is 0 (--no-default-slo), and, in an optimised
// build, memory stays bounded.
#include <filesystem>
#include <functional>

#include <catch2/catch.hpp>

#include "integration/bench_helpers.hpp"
#include "integration/run_helpers.hpp"
#include "support/stub_server.hpp"

using namespace rollcall::test;
using namespace std::chrono_literals;
using End = StubServer::End;

namespace {

struct HostileCase {
  const char* name;
  std::function<void(StubServer&)> misbehave;
  const char* failure;  // the class every request lands in; empty: answered fine
  // https:// to a server that does not speak TLS: both modes check the
  // target before the first request and refuse it there (exit 2, one line).
  bool tls = false;
};

// The refusal before the first request: quick, one clear line, exit 2.
void check_refused_before_start(const ProcessResult& p) {
  CHECK(p.exit_code == 2);
  CHECK(p.err.find("TLS handshake with https://127.0.0.1:") != std::string::npos);
  CHECK(p.wall_s < 3.0);
}

const std::string ok_head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";

std::vector<HostileCase> hostile_cases() {
  return {
      {"reset mid-body",
       [](StubServer& s) {
         s.set_pieces({{ok_head + "Content-Length: 1000\r\n\r\n0123456789", 20ms, false, 1, End::reset}});
       },
       "reset"},
      {"stall past the timeout", [](StubServer& s) { s.set_delay(3000ms); }, "timeout_read"},
      {"one byte a second",
       [](StubServer& s) {
         s.set_pieces({{ok_head + "Content-Length: 100\r\n\r\n"}, {"a", 1000ms, true}});
       },
       "timeout_read"},
      {"100 MB body",
       [](StubServer& s) {
         s.set_pieces({{ok_head + "Content-Length: 104857600\r\n\r\n"}, {std::string(64 * 1024, 'x'), 0ms, false, 1600}});
       },
       ""},
      {"70 KB header",
       [](StubServer& s) {
         s.set_response(ok_head + "X-Big: " + std::string(70 * 1024, 'a') + "\r\nContent-Length: 2\r\n\r\nok");
       },
       "malformed"},
      {"invalid status line",
       [](StubServer& s) { s.set_response("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok"); }, "malformed"},
      {"garbage after the body",
       [](StubServer& s) { s.set_response(ok_head + "Content-Length: 2\r\n\r\nokGARBAGE\r\n\r\n"); }, ""},
      {"closed before any byte", [](StubServer& s) { s.set_pieces({{"", 0ms, false, 1, End::close}}); }, "closed"},
      {"TLS handshake against a plain HTTP server",
       [](StubServer& s) { s.set_greeting("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"); }, "tls", true},
  };
}

std::string slug(std::string name) {
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  return name;
}

std::string target_of(const StubServer& server, bool tls) {
  return (tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(server.port()) + "/";
}

double count_of(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v ? number(*v) : 0;
}

// One page with a 1 s timeout, expected 200.
std::string hostile_page_scenario(const std::string& dir, const std::string& target) {
  return write_file(dir, "page.yaml", "target: " + target + R"(
personas:
  user:
    flow:
      - get: /page
        name: page
        timeout: 1s
        expect: {status: 200}
)");
}

}  // namespace

TEST_CASE("bench against each hostile server: on time, classified, every attempt accounted for") {
  for (const auto& c : hostile_cases()) {
    DYNAMIC_SECTION(c.name) {
      StubServer server;
      c.misbehave(server);
      std::vector<std::string> args{target_of(server, c.tls), "-c", "2", "-t", "1", "-d", "2s", "--timeout", "1s"};
      if (c.tls) args.push_back("--insecure");
      auto run = bench("hostile-" + slug(c.name), args);
      INFO(run.process.out << run.process.err);
      if (c.tls) {
        check_refused_before_start(run.process);
        continue;
      }
      REQUIRE(run.process.exit_code == 0);
      REQUIRE(!run.json.empty());
      const auto& errors = run.json.at("errors").as_object();
      if (*c.failure) {
        CHECK(count_of(errors, c.failure) >= 1);
        CHECK(field(run.json, "errors_total") == count_of(errors, c.failure));
      } else {
        CHECK(field(run.json, "errors_total") == 0);
        CHECK(field(run.json, "requests") >= 1);
      }
      CHECK(field(run.json, "accounting", "attempts") >= 1);
      CHECK(field(run.json, "accounting", "difference") == 0);
      CHECK(run.process.wall_s < 6.0);
      CHECK(within_memory(run.process.peak_rss_kb, 64 * 1024));
    }
  }
}

TEST_CASE("run against each hostile server: on time, classified, every attempt accounted for, results written") {
  for (const auto& c : hostile_cases()) {
    DYNAMIC_SECTION(c.name) {
      StubServer server;
      c.misbehave(server);
      const std::string name = "hostile-case-" + slug(c.name);
      const std::string dir = test_dir(name);
      const auto file = hostile_page_scenario(dir, "http://127.0.0.1/");
      std::vector<std::string> args{"--no-default-slo", "--target", target_of(server, c.tls), "--vus", "2", "-t", "1", "-d", "2s"};
      if (c.tls) args.push_back("--insecure");
      auto run = run_scenario(name, file, args);
      INFO(run.process.out << run.process.err);
      if (c.tls) {
        check_refused_before_start(run.process);
        continue;
      }
      REQUIRE(run.process.exit_code == 0);
      REQUIRE(!run.json.empty());
      const auto& page = run.step("page");
      REQUIRE(!page.empty());
      if (*c.failure) {
        CHECK(number(page.at("errors")) == number(page.at("count")));
        CHECK(count_of(page.at("failures").as_object(), c.failure) >= 1);
      } else {
        CHECK(number(page.at("errors")) == 0);
        CHECK(number(page.at("count")) >= 1);
      }
      const auto& accounting = run.json.at("accounting").as_object();
      CHECK(number(accounting.at("attempts")) >= 1);
      CHECK(number(accounting.at("difference")) == 0);
      // The results directory says the same, read back from the stream.
      const auto results = std::filesystem::current_path() / "test-output" / ("run-" + name) / "results";
      const auto summary_file = results / "summary.json";
      REQUIRE(std::filesystem::exists(summary_file));
      CHECK(std::filesystem::exists(results / "report.html"));
      const auto summary = boost::json::parse(read_file(summary_file.string())).as_object();
      CHECK(field(summary, "accounting", "difference") == 0);
      CHECK(field(summary, "accounting", "journeys_difference") == 0);
      CHECK(run.process.wall_s < 6.5);
      CHECK(within_memory(run.process.peak_rss_kb, 96 * 1024));
    }
  }
}

// `try` is what a person runs first against a platform that may misbehave:
// the same table, one journey, the class said in the failure line, and the
// failing exchange in a --trace-failures HAR with its error.
TEST_CASE("try and the failure trace against each hostile server: the class said, on time, the exchange traced") {
  for (const auto& c : hostile_cases()) {
    if (c.tls) continue;  // refused before the first request, as above
    DYNAMIC_SECTION(c.name) {
      StubServer server;
      c.misbehave(server);
      const std::string name = "hostile-try-" + slug(c.name);
      const std::string dir = test_dir(name);
      const auto file = hostile_page_scenario(dir, server.url("/"));
      auto tried = run_rollcall({"try", file}, std::chrono::seconds(30));
      INFO(tried.out << tried.err);
      CHECK(tried.wall_s < 4.0);
      if (!*c.failure) {
        CHECK(tried.exit_code == 0);
        CHECK(tried.out.find("1 of 1 journeys completed") != std::string::npos);
        continue;
      }
      CHECK(tried.exit_code == 1);
      CHECK(tried.out.find(std::string("  FAILED page: ") + c.failure) != std::string::npos);

      const std::string har_file = dir + "/trace.har";
      auto run = run_scenario(name, file, {"--vus", "1", "-t", "1", "-d", "1s", "-q", "--trace-failures", har_file});
      INFO(run.process.out << run.process.err);
      const auto har = boost::json::parse(read_file(har_file)).as_object();
      const auto& entries = har.at("log").as_object().at("entries").as_array();
      REQUIRE(entries.size() >= 1);
      const auto& response = entries[0].as_object().at("response").as_object();
      CHECK(response.at("status").as_int64() == 0);
      CHECK(response.at("_error").as_string() == c.failure);
    }
  }
}
