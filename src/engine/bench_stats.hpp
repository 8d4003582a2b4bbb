#pragma once
// What one worker thread measured; merged into the run's result at the end.
#include <array>
#include <cstdint>

#include "http/failure.hpp"
#include "metrics/histogram.hpp"

namespace rollcall::engine {

struct BenchStats {
  metrics::Histogram latency;          // µs, every complete response (any status)
  std::array<std::uint64_t, http::failure_count> failures{};
  // The accounting: every attempt ends once, as a response (any status), a
  // failure without an answer, or unfinished:
  //   attempts == responses + answerless failures + unfinished.
  std::uint64_t attempts = 0;
  std::uint64_t responses = 0;
  std::uint64_t bytes_read = 0;        // headers and bodies, as read from the sockets
  std::uint64_t bytes_written = 0;
  std::uint64_t connects = 0;
  std::uint64_t stale_retries = 0;     // keep-alive connections found closed, request sent again
  std::uint64_t tls_full = 0;
  std::uint64_t tls_resumed = 0;
  std::uint64_t unfinished = 0;        // still in flight when the grace period ended
  // Open model: the schedule, and how far behind it requests left.
  std::uint64_t scheduled = 0;         // slots due during the run
  std::uint64_t sent_on_schedule = 0;  // slots taken by a connection
  std::uint64_t late_sends = 0;        // sent more than 1 ms after they were due
  metrics::Histogram send_lag;         // µs between due and sent, for every slot
  // The generator watching itself.
  metrics::Histogram loop_lag;         // µs a 10 ms tick fired late

  void merge(const BenchStats& other) {
    latency.merge(other.latency);
    for (std::size_t i = 0; i < failures.size(); ++i) failures[i] += other.failures[i];
    attempts += other.attempts;
    responses += other.responses;
    bytes_read += other.bytes_read;
    bytes_written += other.bytes_written;
    connects += other.connects;
    stale_retries += other.stale_retries;
    tls_full += other.tls_full;
    tls_resumed += other.tls_resumed;
    unfinished += other.unfinished;
    scheduled += other.scheduled;
    sent_on_schedule += other.sent_on_schedule;
    late_sends += other.late_sends;
    send_lag.merge(other.send_lag);
    loop_lag.merge(other.loop_lag);
  }

  std::uint64_t failure(http::Failure f) const { return failures[static_cast<std::size_t>(f)]; }
  void count(http::Failure f) { ++failures[static_cast<std::size_t>(f)]; }
  std::uint64_t outcomes() const {
    std::uint64_t n = responses + unfinished;
    for (std::size_t i = 0; i < failures.size(); ++i)
      if (!http::is_answer(static_cast<http::Failure>(i))) n += failures[i];
    return n;
  }
  std::uint64_t total_failures() const {
    std::uint64_t n = 0;
    for (auto v : failures) n += v;
    return n;
  }
};

struct BenchResult {
  BenchStats stats;
  double duration_s = 0;       // the measured span of the schedule, not including grace
  double cpu_user_s = 0;       // this process, during the run
  double cpu_system_s = 0;
  unsigned threads = 0;
  unsigned connections = 0;
  std::uint64_t descriptor_limit = 0;
  bool interrupted = false;    // by SIGINT or SIGTERM: duration_s is how long it really ran
};

}  // namespace rollcall::engine
