#include "report/live_status.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "engine/journey_stats.hpp"
#include "report/format.hpp"

namespace rollcall::report {

namespace {

using engine::JourneyStats;
using engine::Outcome;

struct Figures {
  double elapsed = 0;
  double offered = 0, arrivals = 0, completed = 0, requests = 0;
  std::uint64_t running = 0, count = 0, errors = 0, queued = 0, rejected = 0;
  std::string slowest = "-";
  std::int64_t slowest_p95 = 0;
  double cpu = 0;  // share of one core
  std::int64_t lag_p99 = 0;
};

Figures figures(const engine::IntervalReport& r) {
  Figures f;
  const auto& s = r.stats;
  const double len = r.length_s > 0 ? r.length_s : 1;
  f.elapsed = r.start_s + r.length_s;
  f.offered = static_cast<double>(s.scheduled) / len;
  f.arrivals = static_cast<double>(s.arrivals) / len;
  std::uint64_t completed = 0;
  for (const auto& p : s.personas()) completed += p.completed;
  f.completed = static_cast<double>(completed) / len;
  f.requests = static_cast<double>(s.requests) / len;
  f.running = s.users_running;
  for (const auto& step : s.steps()) {
    f.count += step.count();
    f.errors += step.errors();
    f.queued += step.of(Outcome::queued);
    f.rejected += step.of(Outcome::rejected);
    if (step.latency.count() && step.latency.percentile(95) > f.slowest_p95) {
      f.slowest_p95 = step.latency.percentile(95);
      f.slowest = step.name;
    }
  }
  f.cpu = r.wall_s > 0 ? r.cpu_s / r.wall_s : 0;
  f.lag_p99 = s.loop_lag.percentile(99);
  return f;
}

std::string percent_of(std::uint64_t part, std::uint64_t whole) {
  return whole ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole)) : "0%";
}

std::string clock(double seconds) {
  const auto s = static_cast<long>(std::max(0.0, seconds));
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

LiveStatus::Mode LiveStatus::mode_for(std::FILE* out, bool quiet) {
  if (quiet) return Mode::quiet;
  return isatty(fileno(out)) ? Mode::terminal : Mode::lines;
}

bool LiveStatus::colour_for(std::FILE* out) {
  const char* no_colour = std::getenv("NO_COLOR");
  return isatty(fileno(out)) && !(no_colour && *no_colour);
}

LiveStatus::LiveStatus(Mode mode, std::FILE* out, bool colour, double planned_s)
    : mode_(mode), out_(out), colour_(colour), planned_s_(planned_s) {}

LiveStatus::~LiveStatus() { finish(); }

std::string LiveStatus::block(const engine::IntervalReport& r) const {
  const Figures f = figures(r);
  const bool bad = f.errors > 0;
  const char* on = colour_ && bad ? "\x1b[1;31m" : "";
  const char* off = colour_ && bad ? "\x1b[0m" : "";
  const char* bold = colour_ ? "\x1b[1m" : "";
  const char* plain = colour_ ? "\x1b[0m" : "";
  std::string out;
  out += fmt::format("{}rollcall{}  {} elapsed, {} left\n", bold, plain, clock(f.elapsed), clock(planned_s_ - f.elapsed));
  out += fmt::format("  arrivals   {:.1f}/s started{}, {:.1f}/s completed, {} users under way\n", f.arrivals,
                     f.offered > 0 ? fmt::format(" of {:.1f}/s offered", f.offered) : "", f.completed, grouped(f.running));
  out += fmt::format("  requests   {:.1f}/s; slowest step {} p95 {}\n", f.requests, f.slowest, human_latency(f.slowest_p95));
  out += fmt::format("  answers    {}errors {} ({}){}, queued {}, rejected {}\n", on, grouped(f.errors),
                     percent_of(f.errors, f.count), off, grouped(f.queued), grouped(f.rejected));
  out += fmt::format("  generator  CPU {:.0f}% of a core, loop lag p99 {}\n", 100 * f.cpu, human_latency(f.lag_p99));
  return out;
}

std::string LiveStatus::line(const engine::IntervalReport& r) const {
  const Figures f = figures(r);
  // A line may sum up several intervals (lines mode): it says how many seconds.
  const std::string over = r.length_s >= 1.5 ? fmt::format(" (last {:.0f} s)", r.length_s) : "";
  return fmt::format("rollcall {}{}: {:.1f} arrivals/s{}, {:.1f} req/s, {} under way, errors {} ({}), queued {}, "
                     "rejected {}, slowest {} p95 {}, CPU {:.0f}%, loop lag p99 {}\n",
                     clock(f.elapsed), over, f.arrivals, f.offered > 0 ? fmt::format(" (offered {:.1f})", f.offered) : "",
                     f.requests, grouped(f.running), grouped(f.errors), percent_of(f.errors, f.count), grouped(f.queued),
                     grouped(f.rejected), f.slowest, human_latency(f.slowest_p95), 100 * f.cpu, human_latency(f.lag_p99));
}

void LiveStatus::update(const engine::IntervalReport& r) {
  switch (mode_) {
    case Mode::quiet: return;
    case Mode::lines:
      // Every tenth interval: a CI log needs a pulse, not a film.
      add_to_window(r);
      if ((r.index + 1) % line_every == 0) write_window_line();
      return;
    case Mode::terminal: {
      std::string text;
      // Back to the top of the last block, and clear it: the screen does not scroll.
      if (lines_drawn_ > 0) text += fmt::format("\x1b[{}A\x1b[J", lines_drawn_);
      const std::string b = block(r);
      text += b;
      lines_drawn_ = static_cast<int>(std::count(b.begin(), b.end(), '\n'));
      std::fputs(text.c_str(), out_);
      std::fflush(out_);
      return;
    }
  }
}

void LiveStatus::add_to_window(const engine::IntervalReport& r) {
  if (!window_) {
    window_.emplace();
    window_start_s_ = r.start_s;
  }
  window_->merge(r.stats);
  // Journeys under way is a level, not a count: the last interval's.
  window_->users_running = r.stats.users_running;
  window_length_s_ += r.length_s;
  window_cpu_s_ += r.cpu_s;
  window_wall_s_ += r.wall_s;
  window_last_index_ = r.index;
}

void LiveStatus::write_window_line() {
  if (!window_) return;
  const engine::IntervalReport merged{window_last_index_, window_start_s_, window_length_s_, *window_, window_cpu_s_,
                                      window_wall_s_};
  std::fputs(line(merged).c_str(), out_);
  std::fflush(out_);
  window_.reset();
  window_length_s_ = window_cpu_s_ = window_wall_s_ = 0;
}

void LiveStatus::finish() {
  if (mode_ == Mode::lines) write_window_line();
  if (mode_ == Mode::terminal && lines_drawn_ > 0) {
    std::fputs("\n", out_);
    std::fflush(out_);
  }
  lines_drawn_ = 0;
}

}  // namespace rollcall::report
