#pragma once
// Everything `rollcall run` needs, already validated: the scenario, the
// load, and the engine's settings.
#include <chrono>
#include <cstdint>
#include <optional>

#include "http/source_addresses.hpp"
#include "http/tls.hpp"
#include "scenario/model.hpp"

namespace rollcall::engine {

using namespace std::chrono_literals;

// The load for now: closed (N users, each looping over journeys) or open
// (R journeys started per second on a fixed schedule). The load-model layer
// replaces this with its schedules.
struct SimpleLoad {
  std::optional<unsigned> vus;
  std::optional<double> rate;   // journeys per second
  std::chrono::nanoseconds duration = 60s;
  // Closed model: users start evenly spread over this time from the start,
  // not all at once.
  std::chrono::nanoseconds ramp_up{};
};

struct ScenarioPlan {
  const scenario::Scenario* scenario = nullptr;
  SimpleLoad load;
  unsigned threads = 1;
  std::uint64_t seed = 1;
  http::TlsOptions tls;
  // After the end, journeys under way get this long to finish; those still
  // running are counted abandoned.
  std::chrono::nanoseconds grace = 10s;
  std::size_t body_cap = 4 * 1024 * 1024;
  // Closed model: a user keeps its open connections from one journey to the
  // next, as a browser left open does (and as k6 does by default); cookies
  // and variables start afresh all the same. Open-model arrivals are new
  // users with new connections.
  bool reuse_connections = true;  // bytes of a response body kept for expectations and extraction
  http::SourceAddresses sources;  // --source-ip: new connections leave from these in turn
};

}  // namespace rollcall::engine
