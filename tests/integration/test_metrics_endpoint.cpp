// --metrics-listen: a Prometheus scrape during a run sees its counters and
// the latency summaries of the last interval.
#include <csignal>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "report/prometheus.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;
using namespace std::chrono_literals;

namespace {

std::string scrape(unsigned short port) {
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return {};
  const std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
  asio::write(socket, asio::buffer(request), ec);
  std::string response;
  asio::read(socket, asio::dynamic_buffer(response), ec);  // until the server closes
  return response;
}

}  // namespace

TEST_CASE("a Prometheus scrape during a run sees counters and latency quantiles") {
  sim::Config c;
  c.port = 0;
  sim::Simulator ent(c);
  ent.start();
  const unsigned short port = free_port();
  BackgroundProcess run({ROLLCALL_BINARY, "run", scenario_path("student.yaml"), "--target", ent.url(), "--rate", "5", "-d",
                         "8s", "-q", "--metrics-listen", "127.0.0.1:" + std::to_string(port)});
  REQUIRE(wait_for_port(port));
  std::this_thread::sleep_for(2500ms);
  const std::string text = scrape(port);
  INFO(text);
  CHECK(text.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(text.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
  CHECK(text.find("# TYPE rollcall_requests_total counter") != std::string::npos);
  CHECK(text.find("rollcall_requests_total{step=\"login\",outcome=\"success\"} ") != std::string::npos);
  CHECK(text.find("rollcall_latency_seconds{step=\"login\",quantile=\"0.95\"} ") != std::string::npos);
  CHECK(text.find("rollcall_journeys_total{persona=\"student\",end=\"started\"} ") != std::string::npos);
  // 5/s offered; a boundary a little late may hold one more.
  const auto at = text.find("\nrollcall_arrivals_per_second ");
  REQUIRE(at != std::string::npos);
  const double rate = std::stod(text.substr(at + 30));
  CHECK(rate >= 4);
  CHECK(rate <= 6);
  CHECK(run.stop(SIGTERM, 15000ms) == 3);
}

TEST_CASE("Prometheus label values are escaped") {
  CHECK(report::prometheus_label("portal > GET \"/a\\b\"\n") == "portal > GET \\\"/a\\\\b\\\"\\n");
}

TEST_CASE("an unusable --metrics-listen address is a usage error before any request") {
  const auto r = run_rollcall({"run", scenario_path("student.yaml"), "--rate", "1", "-d", "1s", "--metrics-listen", "nowhere"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--metrics-listen nowhere") != std::string::npos);
}
