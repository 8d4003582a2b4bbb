// --metrics-listen: a Prometheus scrape during a run sees its counters and
// the latency summaries of the last interval.
#include <poll.h>

#include <csignal>
#include <filesystem>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>

#include "integration/run_helpers.hpp"
#include "report/metrics_endpoint.hpp"
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

std::size_t thread_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& task : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

}  // namespace

TEST_CASE("a Prometheus scrape during a run sees counters and latency quantiles") {
  sim::Config c;
  c.port = 0;
  sim::Simulator ent(c);
  ent.start();
  const unsigned short port = free_port();
  BackgroundProcess run({ROLLCALL_BINARY, "run", scenario_path("student.yaml"), "--target", ent.url(), "--rate", "5",
                         "--arrivals", "uniform", "-d", "20s", "-q", "--metrics-listen", "127.0.0.1:" + std::to_string(port)});
  REQUIRE(wait_for_port(port));
  // Scraped again until an interval with a login has ended: when that
  // happens depends on how fast the run starts on a loaded machine.
  std::string text;
  const auto start = std::chrono::steady_clock::now();
  while (text.find("rollcall_requests_total{step=\"login\",outcome=\"success\"} ") == std::string::npos &&
         std::chrono::steady_clock::now() - start < 30s) {
    std::this_thread::sleep_for(250ms);
    text = scrape(port);
  }
  INFO(text);
  CHECK(text.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(text.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
  CHECK(text.find("# TYPE rollcall_requests_total counter") != std::string::npos);
  CHECK(text.find("rollcall_requests_total{step=\"login\",outcome=\"success\"} ") != std::string::npos);
  CHECK(text.find("rollcall_latency_seconds{step=\"login\",quantile=\"0.95\"} ") != std::string::npos);
  CHECK(text.find("rollcall_journeys_total{persona=\"student\",end=\"started\"} ") != std::string::npos);
  // The histogram beside it, whose +Inf bucket is the count.
  CHECK(text.find("# TYPE rollcall_request_duration_seconds histogram") != std::string::npos);
  const std::string inf = "rollcall_request_duration_seconds_bucket{step=\"login\",le=\"+Inf\"} ";
  const std::string count = "rollcall_request_duration_seconds_count{step=\"login\"} ";
  REQUIRE(text.find(inf) != std::string::npos);
  REQUIRE(text.find(count) != std::string::npos);
  const auto line_value = [&](const std::string& prefix) {
    const auto from = text.find(prefix) + prefix.size();
    return text.substr(from, text.find('\n', from) - from);
  };
  CHECK(line_value(inf) == line_value(count));
  CHECK(std::stod(line_value(count)) >= 1);
  // 5/s offered, evenly spaced: the schedule's count over the interval,
  // whatever the load; a boundary a little late may hold one more. The
  // arrivals themselves may bunch behind a stall, so they are not judged.
  const auto at = text.find("\nrollcall_offered_per_second ");
  REQUIRE(at != std::string::npos);
  const double rate = std::stod(text.substr(at + 29));
  CHECK(rate >= 4);
  CHECK(rate <= 6);
  // The journeys under way finish first: seconds of think time each, many
  // more when the machine is starved.
  CHECK(run.stop(SIGTERM, 60000ms) == 3);
}

TEST_CASE("Prometheus label values are escaped") {
  CHECK(report::prometheus_label("portal > GET \"/a\\b\"\n") == "portal > GET \\\"/a\\\\b\\\"\\n");
}

TEST_CASE("an unusable --metrics-listen address is a usage error before any request") {
  const auto r = run_rollcall({"run", scenario_path("student.yaml"), "--rate", "1", "-d", "1s", "--metrics-listen", "nowhere"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--metrics-listen nowhere") != std::string::npos);
}

TEST_CASE("the metrics endpoint holds 16 idle connections at most, and answers a scrape once their deadline passes") {
  namespace asio = boost::asio;
  report::MetricsEndpoint endpoint("127.0.0.1:0");
  endpoint.publish("rollcall_up 1\n");
  const std::size_t threads = thread_count();

  asio::io_context io;
  std::vector<asio::ip::tcp::socket> idle;
  for (int i = 0; i < 100; ++i) {
    idle.emplace_back(io);
    boost::system::error_code ec;
    idle.back().connect({asio::ip::make_address("127.0.0.1"), endpoint.port()}, ec);
    REQUIRE_FALSE(ec);
  }
  // Closed by the server: readable, and reading finds the end at once.
  auto closed_by_server = [&] {
    std::vector<pollfd> fds;
    for (auto& s : idle) fds.push_back({s.native_handle(), POLLIN, 0});
    ::poll(fds.data(), fds.size(), 0);
    std::size_t closed = 0;
    for (const auto& f : fds) closed += (f.revents & (POLLIN | POLLHUP)) != 0;
    return closed;
  };
  // The 84 past the cap are closed as they are accepted; the 16 held wait
  // for their request until the 5 s deadline.
  const auto start = std::chrono::steady_clock::now();
  while (closed_by_server() < 84 && std::chrono::steady_clock::now() - start < 4s) std::this_thread::sleep_for(20ms);
  CHECK(closed_by_server() == 84);
  CHECK(thread_count() == threads);

  // A scrape while the 16 are held is closed unanswered; once the deadline
  // has closed them, one is answered.
  CHECK(scrape(endpoint.port()).empty());
  while (closed_by_server() < 100 && std::chrono::steady_clock::now() - start < 30s) std::this_thread::sleep_for(50ms);
  CHECK(closed_by_server() == 100);
  const std::string text = scrape(endpoint.port());
  INFO(text);
  CHECK(text.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(text.find("\r\n\r\nrollcall_up 1\n") != std::string::npos);
  CHECK(thread_count() == threads);
}
