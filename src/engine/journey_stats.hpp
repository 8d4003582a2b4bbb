#pragma once
// What virtual users measured, per metrics line (a step, or a redirect hop
// of a step) and per persona. One set per lane, merged at the end.
#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/failure_detail.hpp"
#include "engine/outcome.hpp"
#include "http/failure.hpp"
#include "metrics/histogram.hpp"

namespace rollcall::engine {

struct StepStats : OutcomeCounts {
  std::string name;
  // µs, every request but admission answers: complete responses, and
  // requests that got none (timeouts, resets) at the time they took.
  metrics::Histogram latency;
  metrics::Histogram queued_latency;    // µs, waiting-room answers
  metrics::Histogram rejected_latency;  // µs, quota answers
  std::set<std::string> missing_variables;   // names, for the report
  std::set<std::string> expectation_messages;  // a few distinct reasons, for the report
  // The first few failures in full (status, final URL, excerpt), redacted:
  // what a person needs to see why a real platform's page did not pass.
  std::vector<FailureDetail> failure_details;
  static constexpr std::size_t most_failure_details = 3;
  bool wants_failure_detail() const { return failure_details.size() < most_failure_details; }

  std::uint64_t retries = 0;   // the step sent again after it failed (on_failure retry)
  std::uint64_t restarts = 0;  // journeys started again because this step failed
  std::uint64_t gave_up = 0;   // journeys the user left at this step
  std::uint64_t bytes_read = 0;     // answers as read from the sockets: headers and bodies as sent (coded)
  std::uint64_t decoded_bytes = 0;  // kept bodies once their content codings were undone: what checks read
  void merge(const StepStats& other);
  // Nothing counted, the name and the histograms' memory kept.
  void reset();
};

// A persona's requests are counted as a step counts its own: a persona's
// error ratio cannot be read from steps that several personas share.
struct PersonaStats : OutcomeCounts {
  std::string name;
  std::uint64_t started = 0;
  std::uint64_t completed = 0;   // every step succeeded
  std::uint64_t failed = 0;      // stopped at a failed step
  std::uint64_t abandoned = 0;   // the user gave up, or the end of the run cut the journey
  std::uint64_t gave_up = 0;     // of which the user gave up (on_failure, waiting-room patience)
  std::uint64_t retries = 0;     // steps sent again
  std::uint64_t restarts = 0;    // journeys started again from the first step (F5)
  // µs, from the intended start to the journey's end, every journey that
  // ended (completed, failed, given up, cut by the end of the run): no
  // survivorship bias.
  metrics::Histogram journey_time;
  metrics::Histogram waiting_time;  // µs in waiting rooms, per journey that met one (part of journey_time)
  void merge(const PersonaStats& other);
  void reset();
};

// The statistics of one lane for one interval (a second), or of a whole run
// once merged. Metrics lines are found by name: hop names are only known
// when a redirect happens. Journeys look their line up again after every
// suspension: at an interval boundary the lane hands its statistics over and
// starts new ones.
class JourneyStats {
 public:
  // Lines a run may have. Beyond, a new name is counted on its step's
  // `other` line ("login > other"): hop names come from the server's
  // paths, and a server that puts a token in them must not make a line
  // (half a megabyte, copied every interval) per user.
  static constexpr std::size_t max_lines = 256;
  static std::string overflow_name(std::string_view name);

  StepStats& step(std::string_view name);
  PersonaStats& persona(std::size_t index) { return personas_[index]; }
  void set_personas(const std::vector<std::string>& names);

  const std::deque<StepStats>& steps() const { return steps_; }
  const std::vector<PersonaStats>& personas() const { return personas_; }
  void merge(const JourneyStats& other);

  metrics::Histogram start_lag;   // µs between an arrival's intended time and the start of its flow (the generator's lateness)
  metrics::Histogram loop_lag;    // µs the lane's timers (or the 10 ms tick) fired late
  std::uint64_t requests = 0;
  std::uint64_t bytes_read = 0;      // every byte read from the sockets, a line's or not (unfinished requests)
  std::uint64_t decoded_bytes = 0;   // the lines' decoded_bytes, summed
  std::uint64_t connects = 0;
  std::uint64_t tls_full = 0;
  std::uint64_t tls_resumed = 0;
  std::uint64_t feeder_exhausted = 0;  // arrivals not started: a unique feeder ran out of rows
  std::uint64_t retry_requests = 0;    // requests sent by retries and restarts: load the failures added
  std::uint64_t refresh_requests = 0;  // requests sent again from a waiting room

  // The accounting (docs/results-format.md "Accounting"): every request
  // attempt ends in exactly one outcome, so
  //   requests + not_sent == outcomes() + unfinished.
  std::uint64_t not_sent = 0;         // attempts that failed before a byte went out: an unresolvable host, a missing variable, no form, an invalid request
  std::uint64_t unfinished = 0;       // sent, and cut by the end of the run before an answer
  std::uint64_t stale_retries = 0;    // sent again on a new connection: the kept-alive one was closed by the server (part of the same attempt)
  std::uint64_t internal_errors = 0;  // journeys ended by an error in rollcall itself (a bug), counted failed
  std::uint64_t attempts() const { return requests + not_sent; }
  std::uint64_t outcomes() const;     // every step's, each counted once
  // Every attempt ended in one outcome (or unfinished), and every journey
  // started ended completed, failed or abandoned: false is a counting bug.
  bool accounted() const;

  std::uint64_t arrivals = 0;          // journeys started
  std::uint64_t scheduled = 0;         // open model: arrivals the schedule offered (started or not)
  std::uint64_t users_running = 0;     // an interval's: journeys under way at its end, all lanes (a run's total means nothing)

  // The same lines and personas, with nothing counted: the next interval's
  // statistics, made at the boundary so that no request has to create them.
  static JourneyStats like(const JourneyStats& other);
  // Recycling a set instead (intervals.hpp): everything counted goes, the
  // lines, personas and their histograms' memory stay, and `other`'s lines
  // and personas are added. A fresh set of a full scenario is a few
  // megabytes of histograms to allocate and zero; a used one is cleared
  // over the buckets it filled.
  void reset();
  void add_lines_of(const JourneyStats& other);

 private:
  // A deque: a reference to a line stays valid while new lines are added
  // (a journey holds its hop's line while it looks up its step's), though
  // never across a suspension: the lane may have handed this set over.
  std::deque<StepStats> steps_;
  // Looked up by string_view on every request: no key is built to find one.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> index_;
  std::vector<PersonaStats> personas_;
};

}  // namespace rollcall::engine
