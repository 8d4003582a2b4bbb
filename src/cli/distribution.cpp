#include "cli/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <variant>

#include <fmt/format.h>

#include "common/clock_skew.hpp"
#include "common/duration.hpp"
#include "common/instant.hpp"
#include "common/usage_error.hpp"
#include "engine/feeder_rows.hpp"
#include "engine/interrupts.hpp"
#include "http/probe.hpp"

namespace rollcall::cli {

namespace {

std::string in_words(double s) {
  return format_duration(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(std::abs(s))));
}

// The engine's timers take the last stretch of the wait: starting lanes,
// opening the results directory and writing its first record cost
// milliseconds, well within it.
constexpr double engine_lead_s = 0.3;

}  // namespace

std::optional<StartAt> start_at_flag(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::string problem;
  const auto instant = parse_instant(*text, problem);
  if (!instant) throw UsageError(fmt::format("--start-at {}", problem));
  StartAt at{*text, *instant};
  refuse_if_passed(at);
  const double ahead = at.epoch_s - epoch_now();
  if (ahead > start_horizon_s)
    throw UsageError(fmt::format("--start-at {}: {} is {} away, more than a week: a typo in the date?", at.text,
                                 format_rfc3339(at.epoch_s), in_words(ahead)));
  return at;
}

void refuse_if_passed(const StartAt& at) {
  const double late = epoch_now() - at.epoch_s;
  if (late > start_lateness_s)
    throw UsageError(fmt::format("--start-at {}: {} passed {} ago; the other segments started without this one: "
                                 "give every machine a later time",
                                 at.text, format_rfc3339(at.epoch_s), in_words(late)));
}

engine::Slice segment_flag(const std::optional<std::string>& text) {
  if (!text) return {};
  unsigned i = 0, n = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(text->c_str(), "%u%c%u%c", &i, &slash, &n, &extra) != 3 || slash != '/' || n == 0 || i == 0 || i > n)
    throw UsageError(fmt::format("--segment {}: expected i/n with 1 <= i <= n, such as 1/2 (this machine runs half the arrivals)", *text));
  return engine::Slice::part(i - 1, n);
}

void check_segment_rows(const scenario::Scenario& scenario, engine::Slice segment, const std::string& text) {
  for (const auto& p : scenario.personas)
    if (p.feeder && engine::rows_owned(segment, p.feeder->rows->size()) == 0)
      throw UsageError(fmt::format("--segment {}: persona {}'s feeder {} has {} rows, fewer than the {} segments: "
                                   "each segment logs in with accounts of its own",
                                   text, p.name, p.feeder->path, p.feeder->rows->size(), segment.stride));
}

void check_clock(const StartAt& at, const http::Target& target, const std::vector<boost::asio::ip::tcp::endpoint>& endpoints,
                 const std::shared_ptr<boost::asio::ssl::context>& tls_context, bool verify,
                 std::chrono::nanoseconds timeout, const http::Proxy* proxy) {
  const auto outcome = http::read_server_date(target, endpoints, tls_context, verify, timeout, proxy);
  if (const auto* problem = std::get_if<std::string>(&outcome)) throw UsageError(*problem);
  const auto& answer = std::get<http::ServerDate>(outcome);
  if (!answer.date) {
    fmt::print(stderr, "rollcall: warning: {} sent no Date with its answer ({}) to HEAD {}: this machine's clock is not "
                       "checked against it before --start-at {}\n",
               target.origin(), answer.status, target.path_and_query, at.text);
    return;
  }
  const SkewReading skew = read_skew(answer.sent_at, answer.received_at, *answer.date);
  const double s = skew.estimate();
  const std::string where = s > 0 ? "ahead of" : "behind";
  switch (judge_skew(skew)) {
    case SkewVerdict::fine: return;
    case SkewVerdict::warn:
      fmt::print(stderr, "rollcall: warning: this machine's clock is about {:.1f} s {} {}'s (its Date, to within {:.1f} s): "
                         "intervals of segments may be a second apart; synchronise the clocks (NTP)\n",
                 std::abs(s), where, target.origin(), (skew.high - skew.low) / 2);
      return;
    case SkewVerdict::refuse:
      throw UsageError(fmt::format("--start-at {}: this machine's clock is about {:.1f} s {} {}'s (its Date, to within "
                                   "{:.1f} s), more than the {:g} s segments may differ by: synchronise the clocks (NTP)",
                                   at.text, std::abs(s), where, target.origin(), (skew.high - skew.low) / 2, skew_refusal_s));
  }
}

std::optional<engine::TimePoint> wait_for_start(const StartAt& at) {
  const double ahead = at.epoch_s - epoch_now();
  fmt::print(stderr, "rollcall: waiting for --start-at {} ({}), {}; Ctrl-C cancels\n", at.text, format_rfc3339(at.epoch_s),
             ahead >= 0 ? fmt::format("in {}", in_words(ahead)) : fmt::format("{} late: starting now", in_words(ahead)));
  std::fflush(stderr);
  {
    engine::SignalWait wait;
    // Read against the system clock at least once a second: NTP may slew
    // it while a machine waits, and the instant is a wall-clock one.
    for (;;) {
      const double left = at.epoch_s - epoch_now() - engine_lead_s;
      if (left <= 0) break;
      const auto nap = std::chrono::duration_cast<engine::Clock::duration>(std::chrono::duration<double>(std::min(left, 1.0)));
      if (!wait.sleep_until(engine::Clock::now() + nap)) return std::nullopt;
    }
  }
  // The wall-clock instant on the monotonic clock the engine schedules by.
  const auto steady = engine::Clock::now();
  const double wall = epoch_now();
  return steady + std::chrono::duration_cast<engine::Clock::duration>(std::chrono::duration<double>(at.epoch_s - wall));
}

std::string wait_cancelled(const StartAt& at) {
  return fmt::format("rollcall: interrupted while waiting for --start-at {}: nothing was sent\n", at.text);
}

}  // namespace rollcall::cli
