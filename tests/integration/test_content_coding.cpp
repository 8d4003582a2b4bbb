// Compressed answers as virtual users get them: offered gzip, deflate and
// br as a browser offers them, checked decoded, counted both as they came
// and decoded; a body that cannot be decoded is a counted, classified
// failure with its reason, and a decompression bomb costs the body limit.
#include <catch2/catch.hpp>

#include <filesystem>


#include "common/content_coding.hpp"
#include "integration/run_helpers.hpp"
#include "sim/simulator.hpp"
#include "support/gzip_bomb.hpp"
#include "support/nginx.hpp"
#include "support/stub_server.hpp"

using namespace rollcall;
using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

const std::string page = [] {
  std::string p = "<!doctype html><html><head><title>Mon bureau</title></head><body>";
  for (int i = 0; i < 500; ++i) p += "<li>Cahier de textes : exercices 3 et 4 page 52</li>";
  return p + "<p id=\"end\">Fin de la page</p></body></html>";
}();

std::string coded_answer(std::string_view coding_name, const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: " + std::string(coding_name) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string coded_page_scenario(const std::string& dir, const std::string& expect_contains) {
  return write_file(dir, "page.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    think: 0s
    flow:
      - get: /page
        name: page
        timeout: 3s
        expect: {status: 200, contains: ")" + expect_contains + R"("}
)");
}

// Where run_scenario left the results directory.
boost::json::object summary_of(const std::string& name) {
  const auto file = std::filesystem::current_path() / "test-output" / ("run-" + name) / "results" / "summary.json";
  return boost::json::parse(read_file(file.string())).as_object();
}

const boost::json::object& summary_step(const boost::json::object& summary, const std::string& name) {
  static const boost::json::object none;
  for (const auto& s : summary.at("steps").as_array())
    if (s.as_object().at("name").as_string() == name) return s.as_object();
  return none;
}

}  // namespace

TEST_CASE("run: a gzip or br answer is checked decoded, and counted as it came and decoded") {
  for (const auto c : {coding::Coding::gzip, coding::Coding::br}) {
    const std::string name = "coding-" + std::string(coding::coding_name(c));
    DYNAMIC_SECTION(name) {
      StubServer server;
      const std::string answer = coded_answer(coding::coding_name(c), coding::encode(c, page));
      REQUIRE(answer.size() < page.size() / 4);
      server.set_response(answer);
      auto run = run_scenario(name, coded_page_scenario(test_dir(name), "Fin de la page"),
                              {"--target", server.url("/"), "--vus", "1", "-t", "1", "-d", "1s"});
      INFO(run.process.out << run.process.err);
      REQUIRE(run.process.exit_code == 0);
      CHECK(server.last_head().find("\r\nAccept-Encoding: gzip, deflate, br\r\n") != std::string::npos);
      const auto& step = run.step("page");
      const double count = number(step.at("count"));
      CHECK(count >= 5);
      CHECK(number(step.at("errors")) == 0);
      // Every answer came whole (the stub sends nothing else) and decoded to the page.
      CHECK(number(step.at("bytes_read")) == count * static_cast<double>(answer.size()));
      CHECK(number(step.at("decoded_bytes")) == count * static_cast<double>(page.size()));
      CHECK(number(run.json.at("decoded_bytes")) == count * static_cast<double>(page.size()));
      CHECK(number(run.json.at("bytes_read")) >= number(step.at("bytes_read")));
      // summary.json, rebuilt from the results stream, says the same.
      const auto summary = summary_of(name);
      const auto& s = summary_step(summary, "page");
      CHECK(number(s.at("bytes_read")) == number(step.at("bytes_read")));
      CHECK(number(s.at("decoded_bytes")) == number(step.at("decoded_bytes")));
      CHECK(number(summary.at("decoded_bytes")) == number(step.at("decoded_bytes")));
    }
  }
}

TEST_CASE("run: an answer in an unknown coding, or a corrupt one, is undecodable, with its reason") {
  struct Case {
    std::string name, answer, message;
  };
  const std::string gz = coding::encode(coding::Coding::gzip, page);
  const Case cases[] = {
      {"coding-unknown", coded_answer("zstd", "(\xb5/\xfd not really zstd"),
       "the answer's Content-Encoding 'zstd' is not one rollcall decodes (gzip, deflate, br)"},
      {"coding-corrupt", coded_answer("gzip", page), "the answer's gzip body is corrupt"},
      {"coding-truncated", coded_answer("gzip", gz.substr(0, gz.size() - 8)),
       "the answer's gzip body ends before its stream does (truncated)"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      StubServer server;
      server.set_response(c.answer);
      auto run = run_scenario(c.name, coded_page_scenario(test_dir(c.name), "Fin de la page"),
                              {"--target", server.url("/"), "--vus", "1", "-t", "1", "-d", "1s"});
      INFO(run.process.out << run.process.err);
      const auto& step = run.step("page");
      const double count = number(step.at("count"));
      CHECK(count >= 3);
      CHECK(number(step.at("errors")) == count);
      CHECK(number(step.at("outcomes").as_object().at("transport_error")) == count);
      CHECK(number(step.at("failures").as_object().at("undecodable")) == count);
      CHECK(boost::json::serialize(step.at("messages")).find(c.message) != std::string::npos);
      CHECK(number(step.at("decoded_bytes")) == 0);
      CHECK(number(step.at("bytes_read")) == count * static_cast<double>(c.answer.size()));
      // The framing was sound: the connection was kept.
      CHECK(number(run.json.at("totals").as_object().at("connects")) == 1);
      CHECK(number(run.json.at("accounting").as_object().at("difference")) == 0);
    }
  }
}

TEST_CASE("run: a gzip bomb is decoded up to the body limit, in bounded memory and time") {
  // 256 MiB of zeros in about 256 KiB of gzip: each answer stops at the 4 MiB
  // body limit, truncated as a plain body larger than it is.
  const std::string bomb = test::gzip_bomb(256);
  REQUIRE(bomb.size() < 300 * 1024);
  StubServer server;
  server.set_response(coded_answer("gzip", bomb));
  const std::string name = "coding-bomb";
  auto run = run_scenario(name, coded_page_scenario(test_dir(name), "Fin de la page"),
                          {"--target", server.url("/"), "--vus", "2", "-t", "1", "-d", "2s"});
  INFO(run.process.out << run.process.err);
  const auto& step = run.step("page");
  const double count = number(step.at("count"));
  CHECK(count >= 2);
  // The zeros hold no "Fin de la page": an expectation failure, not an undecodable answer.
  CHECK(number(step.at("outcomes").as_object().at("expectation_failed")) == count);
  CHECK(number(step.at("decoded_bytes")) == count * 4 * 1024 * 1024);
  INFO("bomb " << bomb.size() << " B, " << count << " answers, wall " << run.process.wall_s << " s, peak RSS "
                << run.process.peak_rss_kb << " KiB");
  CHECK(run.process.wall_s < 6);
#if !defined(__SANITIZE_ADDRESS__)
  // Two users' 4 MiB pages and the lane's buffers, not a gigabyte.
  CHECK(run.process.peak_rss_kb < 96 * 1024);
#endif
}

TEST_CASE("run: student.yaml against the simulator with --compress reads the same pages in fewer bytes") {
  sim::Config config;
  config.port = 0;
  config.workers = 64;
  struct Reading {
    double bytes_per_request = 0, decoded_per_journey = 0;
  };
  auto measure = [&](bool compress) {
    config.compress = compress;
    sim::Simulator ent(config);
    ent.start();
    const std::string name = compress ? "coding-sim-compressed" : "coding-sim-plain";
    auto run = run_scenario(name, scenario_path("student.yaml"), {"--target", ent.url(), "--vus", "2", "-d", "2s"});
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    CHECK(run.total("errors") == 0);
    const double completed = number(run.persona("student").at("completed"));
    REQUIRE(completed > 0);
    // Steps that read their page (the login form, the timeline) have decoded bodies.
    CHECK(number(run.step("login > cas").at("decoded_bytes")) > 0);
    double decoded = 0, pages_read = 0, pages = 0;
    for (const auto& v : run.json.at("steps").as_array()) {
      const auto& s = v.as_object();
      decoded += number(s.at("decoded_bytes"));
      // The PDF is not compressed: it would hide what the pages save.
      if (s.at("name").as_string() == "document") continue;
      pages_read += number(s.at("bytes_read"));
      pages += number(s.at("count"));
    }
    CHECK(decoded == number(run.json.at("decoded_bytes")));
    return Reading{pages_read / pages, decoded / completed};
  };
  const Reading plain = measure(false);
  const Reading compressed = measure(true);
  INFO("bytes read per page: " << plain.bytes_per_request << " plain, " << compressed.bytes_per_request
                                  << " compressed; decoded per journey: " << plain.decoded_per_journey << ", "
                                  << compressed.decoded_per_journey);
  // The checks read the same pages (within what journeys cut by the end add).
  CHECK(compressed.decoded_per_journey == Approx(plain.decoded_per_journey).epsilon(0.1));
  CHECK(compressed.bytes_per_request < 0.8 * plain.bytes_per_request);
}

TEST_CASE("run: nginx with gzip on: pages checked decoded; Accept-Encoding identity gets them plain") {
  NginxOptions o;
  o.files["page.html"] = page;
  o.extra_server_config = "gzip on; gzip_min_length 20;";
  Nginx nginx("coding-gzip", o);
  for (const bool identity : {false, true}) {
    const std::string name = identity ? "coding-nginx-identity" : "coding-nginx-gzip";
    DYNAMIC_SECTION(name) {
      const std::string dir = test_dir(name);
      const std::string header = identity ? "        headers: {Accept-Encoding: identity}\n" : "";
      const auto file = write_file(dir, "page.yaml", R"(target: http://127.0.0.1/
personas:
  user:
    think: 0s
    flow:
      - get: /page.html
        name: page
)" + header + R"(        expect: {status: 200, contains: "Fin de la page"}
)");
      auto run = run_scenario(name, file, {"--target", nginx.url("/"), "--vus", "1", "-t", "1", "-d", "1s"});
      INFO(run.process.out << run.process.err);
      REQUIRE(run.process.exit_code == 0);
      const auto& step = run.step("page");
      const double count = number(step.at("count"));
      CHECK(count >= 5);
      CHECK(number(step.at("errors")) == 0);
      CHECK(number(step.at("decoded_bytes")) == count * static_cast<double>(page.size()));
      if (identity)
        CHECK(number(step.at("bytes_read")) > count * static_cast<double>(page.size()));
      else
        CHECK(number(step.at("bytes_read")) < count * static_cast<double>(page.size()) / 4);
    }
  }
}
