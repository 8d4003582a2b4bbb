// The known capacity: emulated workers, the queue, and what lies beyond it.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/capacity.hpp"
#include "sim/helpers.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Outcome {
  int served = 0;
  int quota = 0;
  int other = 0;
  double seconds = 0;
};

// Open-loop load: `total` login POSTs at `rate` per second, spread over
// `threads` connections so that slow answers do not delay later requests.
Outcome offer_logins(std::uint16_t port, double rate, int total, int threads) {
  std::atomic<int> served{0}, quota{0}, other{0};
  auto start = Clock::now() + 50ms;
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t) {
    senders.emplace_back([&, t] {
      Client client(port);
      for (int i = t; i < total; i += threads) {
        std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(i / rate)));
        Reply r = client.post_form("/cas/login", {{"username", "student0001"}, {"password", "x"}});
        if (r.status == 503 && r.header("X-ENT-Admission") == "quota" &&
            r.body.find("Quota atteint") != std::string::npos)
          ++quota;
        else if (r.status == 200 && r.header("X-ENT-Admission").empty())
          ++served;
        else
          ++other;
      }
    });
  }
  for (auto& s : senders) s.join();
  return {served, quota, other, std::chrono::duration<double>(Clock::now() - start).count()};
}

}  // namespace

TEST_CASE("beyond the queue, the share of 503s is what the capacity predicts", "[sim][admission]") {
  auto config = fast_config();
  config.workers = 2;
  config.queue = 4;
  config.service_time[static_cast<std::size_t>(sim::Endpoint::login_post)] = 100ms;
  const double capacity = *sim::describe_capacity(config).endpoint(sim::Endpoint::login_post).max_requests_per_s;
  REQUIRE(capacity == Approx(20.0));

  sim::Simulator ent(config);
  ent.start();
  const double offered_rate = 2 * capacity;
  const int total = 120;  // 3 s of load
  Outcome o = offer_logins(ent.port(), offered_rate, total, 16);

  // Served: the workers' throughput over the run, plus what the workers and
  // the queue held at the start; the rest is turned away. Here 20/s * 3 s
  // + 6 = 66 served, 54 (45%) turned away.
  const double duration = total / offered_rate;
  const double expected_served = capacity * duration + static_cast<double>(config.workers + config.queue);
  const double expected_share = 1.0 - expected_served / total;
  const double share = static_cast<double>(o.quota) / total;
  INFO("served " << o.served << ", quota " << o.quota << ", other " << o.other << " in " << o.seconds << " s");
  CHECK(o.other == 0);
  CHECK(o.served + o.quota == total);
  CHECK(share == Approx(expected_share).margin(0.12));
  // No run can serve faster than the workers allow.
  CHECK(o.served <= capacity * o.seconds + static_cast<double>(config.workers + config.queue) + 1);
  CHECK(ent.stats().turned_away == static_cast<std::uint64_t>(o.quota));
}

TEST_CASE("below capacity nobody is turned away, and requests take their service time", "[sim][admission]") {
  auto config = fast_config();
  config.workers = 2;
  config.queue = 0;
  config.service_time[static_cast<std::size_t>(sim::Endpoint::login_post)] = 100ms;
  sim::Simulator ent(config);
  ent.start();
  Client client(ent.port());
  // The service time bounds every answer from below whatever the load; a
  // stall of this process or of the simulator can only lengthen one, so the
  // upper bound holds for the fastest of five (a request queued or served
  // twice would make every one of them too slow).
  double fastest = 1e9;
  for (int i = 0; i < 5; ++i) {
    Reply r = client.post_form("/cas/login", {});
    CHECK(r.status == 200);
    CHECK(r.seconds >= 0.095);
    fastest = std::min(fastest, r.seconds);
  }
  CHECK(fastest < 0.19);
  CHECK(ent.stats().turned_away == 0);
}

TEST_CASE("waiting requests are served in arrival order once a worker is free", "[sim][admission]") {
  auto config = fast_config();
  config.workers = 1;
  config.queue = 2;
  config.service_time[static_cast<std::size_t>(sim::Endpoint::health)] = 300ms;
  sim::Simulator ent(config);
  ent.start();
  // Each client sends once the simulator holds the requests before it (one
  // served, the others queued), so the arrival order is known however the
  // threads are scheduled.
  const auto started = Clock::now();
  std::vector<Clock::time_point> done(3);
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 3; ++i) {
    clients.emplace_back([&, i] {
      Client c(ent.port());
      while (true) {
        const auto s = ent.stats();
        if (s.busy + s.waiting >= static_cast<std::uint64_t>(i) || answered >= i) break;
        std::this_thread::sleep_for(1ms);
      }
      Reply r = c.get("/health");
      CHECK(r.status == 200);
      done[static_cast<std::size_t>(i)] = Clock::now();
      ++answered;
    });
  }
  for (auto& t : clients) t.join();
  // Served back to back in arrival order: each answer comes at least one
  // service time after the one before (load can only widen the gaps), and
  // a client would have to be stalled for 300 ms to see its answer after
  // the next one's.
  auto seconds_between = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  CHECK(seconds_between(started, done[0]) >= 0.29);
  CHECK(seconds_between(done[0], done[1]) > 0);
  CHECK(seconds_between(done[1], done[2]) > 0);
  CHECK(seconds_between(started, done[1]) >= 0.59);
  CHECK(seconds_between(started, done[2]) >= 0.89);
}

TEST_CASE("the waiting room answers 200 with Retry-After instead of 503", "[sim][admission]") {
  auto config = fast_config();
  config.workers = 1;
  config.queue = 0;
  config.waiting_room = true;
  config.retry_after = 45s;
  config.service_time[static_cast<std::size_t>(sim::Endpoint::health)] = 300ms;
  sim::Simulator ent(config);
  ent.start();

  std::thread holder([&] {
    Client c(ent.port());
    CHECK(c.get("/health").body == "ok\n");
  });
  std::this_thread::sleep_for(100ms);
  Client client(ent.port());
  Reply r = client.get("/health");
  holder.join();

  CHECK(r.status == 200);
  CHECK(r.seconds < 0.15);  // turned away at once, not queued
  CHECK(r.header("X-ENT-Admission") == "waiting-room");
  CHECK(r.header("Retry-After") == "45");
  CHECK(r.body.find("Salle d'attente") != std::string::npos);
  CHECK(r.body.find("<meta http-equiv=\"refresh\" content=\"45\">") != std::string::npos);
  CHECK(ent.stats().turned_away == 1);
}

TEST_CASE("a zero service time bypasses the workers", "[sim][admission]") {
  auto config = fast_config();
  config.workers = 1;
  config.queue = 0;
  config.service_time[static_cast<std::size_t>(sim::Endpoint::login_post)] = 300ms;
  sim::Simulator ent(config);
  ent.start();
  std::thread holder([&] {
    Client c(ent.port());
    CHECK(c.post_form("/cas/login", {}).status == 200);
  });
  std::this_thread::sleep_for(100ms);
  Client client(ent.port());
  CHECK(client.post_form("/cas/login", {}).status == 503);  // the only worker is busy
  Reply health = client.get("/health");                      // but /health needs none
  holder.join();
  CHECK(health.status == 200);
  CHECK(health.seconds < 0.1);
}

TEST_CASE("stopping with requests in service and in the queue closes their connections", "[sim][admission]") {
  auto config = fast_config();
  config.workers = 2;
  config.queue = 10;
  config.service_time[static_cast<std::size_t>(sim::Endpoint::health)] = 5s;
  sim::Simulator ent(config);
  ent.start();
  std::atomic<int> failed{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      Client c(ent.port());
      try {
        c.get("/health");
      } catch (const std::exception&) {
        ++failed;  // the connection closed under it: expected
      }
    });
  }
  std::this_thread::sleep_for(200ms);  // 2 in service, 6 waiting
  auto before = Clock::now();
  ent.stop();
  for (auto& t : clients) t.join();
  CHECK(failed == 8);
  CHECK(Clock::now() - before < 2s);
  CHECK(ent.stats().requests == 8);
}
