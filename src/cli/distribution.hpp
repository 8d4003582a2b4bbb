#pragma once
// --start-at TIME on `run` and `capacity`: the machines of a distributed
// run (--segment i/n on each) start at the same instant, so that their
// intervals line up for `rollcall merge`. Each one checks the flag before
// anything else, compares its clock with the target's Date once
// everything else is ready, waits (one line says for what; Ctrl-C cancels)
// and hands the engine the instant itself.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "engine/clock.hpp"
#include "engine/arrivals.hpp"
#include "http/url.hpp"
#include "scenario/model.hpp"

namespace rollcall::http {
struct Proxy;
}

namespace rollcall::cli {

struct StartAt {
  std::string text;    // as given
  double epoch_s = 0;  // the instant, s since the epoch
};

// Late by more than this, a machine refuses to start: the others began
// without it, and its intervals would not be theirs.
inline constexpr double start_lateness_s = 1;
// Further ahead than this, the time is refused as a likely typo (a year, a
// month): a process would otherwise wait silently for weeks.
inline constexpr double start_horizon_s = 7 * 24 * 3600;

// --start-at, read and checked (UsageError naming the flag): a time, not
// passed by more than start_lateness_s, at most start_horizon_s ahead.
std::optional<StartAt> start_at_flag(const std::optional<std::string>& text);

// Throws UsageError when the instant passed more than start_lateness_s ago.
void refuse_if_passed(const StartAt& at);

// --segment i/n (1 <= i <= n) as the engine's Slice (i - 1 of n); the whole
// run without the flag. UsageError naming the flag otherwise.
engine::Slice segment_flag(const std::optional<std::string>& text);

// Each segment logs in with its own feeder rows (engine/feeder_rows.hpp):
// one that would own none is told before the first request (UsageError).
void check_segment_rows(const scenario::Scenario& scenario, engine::Slice segment, const std::string& text);

// One HEAD of the target's URL through the run's own connection settings;
// its Date against this machine's clock (common/clock_skew.hpp): a line on
// stderr when they differ by more than a second (or when there is no Date
// to read), UsageError when by more than the refusal bound.
void check_clock(const StartAt& at, const http::Target& target, const std::vector<boost::asio::ip::tcp::endpoint>& endpoints,
                 const std::shared_ptr<boost::asio::ssl::context>& tls_context, bool verify,
                 std::chrono::nanoseconds timeout, const http::Proxy* proxy);

// Prints one line saying what it waits for, and waits until shortly
// before the instant (the engine's own timers take the last moment).
// Returns the instant on the steady clock, read after the wait, or nothing
// when Ctrl-C (SIGTERM) came meanwhile.
std::optional<engine::TimePoint> wait_for_start(const StartAt& at);

// What an interrupted wait says before the command exits.
std::string wait_cancelled(const StartAt& at);

}  // namespace rollcall::cli
