#pragma once
// Faults the simulator injects for reliability tests, and their --fault
// syntax: KIND[:ARG][@SHARE%][@FROM-TO], e.g. "stall:2s@10%",
// "status:502@3%@10s-20s", "refuse@20s-30s". See docs/simulator.md.
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/duration.hpp"

namespace rollcall::sim {

enum class FaultKind {
  stall,              // wait ARG, then answer normally
  close,              // close the connection (FIN) instead of answering
  reset,              // reset the connection (RST) instead of answering
  reset_mid_body,     // send the headers and half the body, then RST
  slow_body,          // send the body a byte at a time, ARG apart
  malformed_status,   // an unparsable status line, then close
  malformed_headers,  // a valid status line, an unparsable header, then close
  status,             // answer with status code ARG instead
  refuse,             // refuse connections during the window (listener closed)
};

struct Fault {
  FaultKind kind{};
  Duration delay{};        // stall duration, or slow-body interval between bytes
  unsigned status = 0;     // for FaultKind::status
  double share = 1.0;      // of requests, 0 < share <= 1
  std::optional<Duration> from, to;  // window since start: [from, to)
  std::string spec;        // as written, for messages

  bool active_at(Duration since_start) const {
    return !from || (since_start >= *from && since_start < *to);
  }
};

// Throws UsageError with a one-line message naming the bad part.
Fault parse_fault(std::string_view spec);

// Chooses, for one request, the first fault in order whose window is open and
// whose share the draw falls in; nullptr for a normal answer.
const Fault* pick_fault(const std::vector<Fault>& faults, Duration since_start, std::mt19937_64& rng);

}  // namespace rollcall::sim
