// Each --fault does what docs/simulator.md says, on the wire.
#include <algorithm>
#include <chrono>
#include <thread>

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>
#include <catch2/catch.hpp>

#include "common/usage_error.hpp"
#include "sim/helpers.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

sim::Config with_faults(std::initializer_list<const char*> specs) {
  auto config = fast_config();
  for (const char* spec : specs) config.faults.push_back(sim::parse_fault(spec));
  return config;
}

const std::string health_request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
const std::string form_request = "GET /cas/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

}  // namespace

TEST_CASE("fault syntax", "[sim][fault]") {
  auto stall = sim::parse_fault("stall:2s@10%");
  CHECK(stall.kind == sim::FaultKind::stall);
  CHECK(stall.delay == 2s);
  CHECK(stall.share == Approx(0.10));
  CHECK_FALSE(stall.from);

  auto status = sim::parse_fault("status:502@3%@10s-20s");
  CHECK(status.kind == sim::FaultKind::status);
  CHECK(status.status == 502);
  CHECK(status.share == Approx(0.03));
  CHECK(*status.from == 10s);
  CHECK(*status.to == 20s);
  CHECK(status.active_at(10s));
  CHECK_FALSE(status.active_at(20s));
  CHECK_FALSE(status.active_at(9s));

  auto refuse = sim::parse_fault("refuse@20s-30s");
  CHECK(refuse.kind == sim::FaultKind::refuse);
  CHECK(refuse.share == 1.0);

  CHECK(sim::parse_fault("slow-body@2%").delay == 10ms);
  CHECK(sim::parse_fault("slow-body:1ms").delay == 1ms);
  CHECK(sim::parse_fault("close@5%").kind == sim::FaultKind::close);
  CHECK(sim::parse_fault("reset-mid-body@0.5%").share == Approx(0.005));
  CHECK(sim::parse_fault("malformed-status@1s-2s").share == 1.0);
  CHECK(sim::parse_fault("malformed-headers").kind == sim::FaultKind::malformed_headers);

  for (const char* bad : {"", "stall", "stall:", "stall:2", "stall:0s", "close:1s", "status", "status:200",
                          "status:600", "status:50x", "refuse", "refuse@10%", "refuse@10%@1s-2s", "close@0%",
                          "close@101%", "close@10", "close@5%@6%", "close@2s-1s", "close@1s-1s", "close@1s",
                          "close@", "close@@5%", "close@5%@", "explode@5%", "slow-body:20s", "close@1s-2s@3s-4s"}) {
    INFO("'" << bad << "'");
    CHECK_THROWS_AS(sim::parse_fault(bad), UsageError);
  }
  CHECK_THROWS_WITH(sim::parse_fault("stall:2x@10%"), "invalid --fault 'stall:2x@10%': stall needs a positive duration, e.g. stall:2s");
}

TEST_CASE("stall delays the answer", "[sim][fault]") {
  sim::Simulator ent(with_faults({"stall:300ms"}));
  ent.start();
  Client client(ent.port());
  Reply r = client.get("/health");
  CHECK(r.status == 200);
  CHECK(r.body == "ok\n");
  CHECK(r.seconds >= 0.29);
  CHECK(r.seconds < 1.0);
}

TEST_CASE("close gives EOF before any byte", "[sim][fault]") {
  sim::Simulator ent(with_faults({"close"}));
  ent.start();
  RawResult r = raw_exchange(ent.port(), health_request);
  CHECK(r.bytes.empty());
  CHECK(r.error == boost::asio::error::eof);
}

TEST_CASE("reset resets the connection before any byte", "[sim][fault]") {
  sim::Simulator ent(with_faults({"reset"}));
  ent.start();
  RawResult r = raw_exchange(ent.port(), health_request);
  CHECK(r.bytes.empty());
  CHECK(r.error == boost::asio::error::connection_reset);
}

TEST_CASE("reset-mid-body sends the headers and half the body, then resets", "[sim][fault]") {
  sim::Simulator ent(with_faults({"reset-mid-body"}));
  ent.start();
  RawResult r = raw_exchange(ent.port(), form_request);
  CHECK(r.error == boost::asio::error::connection_reset);
  auto blank = r.bytes.find("\r\n\r\n");
  REQUIRE(blank != std::string::npos);
  CHECK(r.bytes.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  auto length_at = r.bytes.find("Content-Length: ");
  REQUIRE(length_at != std::string::npos);
  auto announced = std::stoul(r.bytes.substr(length_at + 16));
  auto received = r.bytes.size() - blank - 4;
  CHECK(received == announced / 2);
  CHECK(parse_response(r.bytes) == boost::beast::http::error::partial_message);
}

TEST_CASE("slow-body sends the body a byte at a time", "[sim][fault]") {
  sim::Simulator ent(with_faults({"slow-body:60ms"}));
  ent.start();
  Client client(ent.port());
  Reply r = client.get("/health");
  CHECK(r.status == 200);
  CHECK(r.body == "ok\n");
  CHECK(r.seconds >= 3 * 0.06 - 0.01);  // three bytes, 60 ms apart
  CHECK(r.seconds < 1.0);
}

TEST_CASE("malformed-status is not HTTP", "[sim][fault]") {
  sim::Simulator ent(with_faults({"malformed-status"}));
  ent.start();
  RawResult r = raw_exchange(ent.port(), health_request);
  CHECK(r.bytes.rfind("HTTP/1.1 2OO", 0) == 0);
  auto ec = parse_response(r.bytes);
  CHECK(ec);
  CHECK(ec != boost::beast::http::error::partial_message);
}

TEST_CASE("malformed-headers is not HTTP", "[sim][fault]") {
  sim::Simulator ent(with_faults({"malformed-headers"}));
  ent.start();
  RawResult r = raw_exchange(ent.port(), health_request);
  CHECK(r.bytes.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  auto ec = parse_response(r.bytes);
  CHECK(ec);
  CHECK(ec != boost::beast::http::error::partial_message);
}

// Windows are seconds long so that a loaded machine, which may stall a
// thread for a few hundred milliseconds, cannot move a request out of the
// window it is meant for.
TEST_CASE("status answers with the code, and a window bounds it", "[sim][fault]") {
  sim::Simulator ent(with_faults({"status:502@0s-2s"}));
  ent.start();
  const auto started = std::chrono::steady_clock::now();
  Client client(ent.port());
  Reply during = client.get("/health");
  CHECK(during.status == 502);
  std::this_thread::sleep_until(started + 2100ms);
  Reply after = client.get("/health");  // same connection: 502s keep it open
  CHECK(after.status == 200);
}

TEST_CASE("a share applies to about that share of requests, the same ones for the same seed", "[sim][fault]") {
  auto failures = [](std::uint64_t seed) {
    auto config = with_faults({"status:500@30%"});
    config.seed = seed;
    sim::Simulator ent(config);
    ent.start();
    Client client(ent.port());
    std::string pattern;
    for (int i = 0; i < 300; ++i) pattern += client.get("/health").status == 500 ? 'x' : '.';
    return pattern;
  };
  auto a = failures(1), b = failures(1), c = failures(2);
  auto count = std::count(a.begin(), a.end(), 'x');
  // Binomial(300, 0.3): mean 90, standard deviation 7.9.
  CHECK(count > 60);
  CHECK(count < 120);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("the first fault whose draw hits wins, the next applies to the rest", "[sim][fault]") {
  sim::Simulator ent(with_faults({"status:502@50%", "status:504"}));
  ent.start();
  Client client(ent.port());
  int s502 = 0, s504 = 0;
  for (int i = 0; i < 100; ++i) {
    auto status = client.get("/health").status;
    s502 += status == 502;
    s504 += status == 504;
  }
  CHECK(s502 + s504 == 100);
  CHECK(s502 > 30);
  CHECK(s504 > 30);
}

TEST_CASE("refuse closes the listener for its window and drops open connections", "[sim][fault]") {
  sim::Simulator ent(with_faults({"refuse@1s-3s"}));
  ent.start();
  auto started = std::chrono::steady_clock::now();
  Client before(ent.port());
  CHECK(before.get("/health").status == 200);

  std::this_thread::sleep_until(started + 1200ms);
  CHECK(try_connect(ent.port()) == boost::asio::error::connection_refused);
  // The kept-alive connection dies at its next request.
  CHECK_THROWS(before.get("/health"));

  std::this_thread::sleep_until(started + 3100ms);
  CHECK_FALSE(try_connect(ent.port()));
  Client after(ent.port());
  CHECK(after.get("/health").status == 200);
}

TEST_CASE("refuse from the start refuses the very first connection", "[sim][fault]") {
  sim::Simulator ent(with_faults({"refuse@0s-1s"}));
  ent.start();
  const auto started = std::chrono::steady_clock::now();
  CHECK(try_connect(ent.port()) == boost::asio::error::connection_refused);
  std::this_thread::sleep_until(started + 1100ms);
  Client client(ent.port());
  CHECK(client.get("/health").status == 200);
}

TEST_CASE("faults are counted", "[sim][fault]") {
  sim::Simulator ent(with_faults({"status:503@1s-2s"}));
  ent.start();
  Client client(ent.port());
  client.get("/health");
  CHECK(ent.stats().faults == 0);
  CHECK(ent.stats().requests == 1);
}
