#pragma once
// What a simulated ENT looks like: its size, capacity, admission policy and
// faults. Filled by `rollcall sim` flags or by code (tests, `rollcall demo`).
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/duration.hpp"
#include "sim/endpoint.hpp"
#include "sim/fault.hpp"

namespace rollcall::sim {

struct Config {
  std::string listen = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port
  bool tls = false;

  // Capacity: `workers` requests are served at once, each for its endpoint's
  // service time; up to `queue` more wait in arrival order; beyond that the
  // ENT answers with its quota page (or its waiting room).
  std::size_t workers = 16;
  std::size_t queue = 128;
  bool waiting_room = false;
  Duration retry_after = std::chrono::seconds(30);  // asked of browsers in the waiting room
  std::array<Duration, endpoint_count> service_time = default_service_times();
  // Service times drift: each is multiplied by a factor that wanders within
  // [1 - drift, 1 + drift], swinging once per drift_period (sim/drift.hpp),
  // seeded by `seed`. 0: fixed service times.
  double drift = 0;
  Duration drift_period = std::chrono::seconds(40);

  // Accounts: about the proportions of a French region's lycées
  // (356,000 pupils, 62,100 parents, 35,000 teachers).
  std::size_t students = 3000;
  std::size_t parents = 520;
  std::size_t teachers = 300;

  bool saml = false;  // parents log in through a SAML hop
  std::uint64_t seed = 1;  // tokens, fault draws and the drift's curve
  std::size_t doc_size = 300'000;  // bytes of /docs/ID.pdf
  // HTML and JSON answers in br or gzip, as the request's Accept-Encoding allows.
  bool compress = false;

  Duration execution_ttl = std::chrono::minutes(5);  // login form tokens
  Duration ticket_ttl = std::chrono::seconds(30);      // service tickets and SAML responses
  Duration session_ttl = std::chrono::hours(2);  // portal sessions and CAS TGCs
  std::size_t max_sessions = 100'000;  // the oldest are dropped beyond this

  std::vector<Fault> faults;

  Duration service(Endpoint e) const {
    auto i = static_cast<std::size_t>(e);
    return i < endpoint_count ? service_time[i] : Duration::zero();
  }

  static std::array<Duration, endpoint_count> default_service_times();
};

// Throws UsageError with a one-line message for values or combinations
// that make no sense.
void validate(const Config& config);

// "login-post=100ms" for --service-time.
std::pair<Endpoint, Duration> parse_service_time(std::string_view text);

// "300KB", "1MiB", "512B" for --doc-size; units are required.
std::size_t parse_size(std::string_view text);

}  // namespace rollcall::sim
