#include "report/merge_intervals.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "metrics/hlog.hpp"

namespace rollcall::report {

namespace {

struct Piece {
  int segment;
  const Interval* interval;
};

template <class T, class Name>
T& slot_named(std::vector<T>& list, const std::string& name, Name name_of) {
  for (auto& x : list)
    if (name_of(x) == name) return x;
  list.emplace_back();
  name_of(list.back()) = name;
  return list.back();
}

void add_counts(std::map<std::string, std::uint64_t>& into, const std::map<std::string, std::uint64_t>& from) {
  for (const auto& [k, v] : from) into[k] += v;
}

// A rate of one segment back to a count, so that segments whose last
// interval was cut short add up to what they did.
double per_s(const std::vector<Piece>& pieces, double length_s, double Interval::*rate) {
  const bool same_length = std::all_of(pieces.begin(), pieces.end(), [&](const Piece& p) { return p.interval->length_s == length_s; });
  double sum = 0;
  for (const auto& p : pieces) sum += same_length ? p.interval->*rate : p.interval->*rate * p.interval->length_s;
  return same_length || length_s <= 0 ? sum : sum / length_s;
}

GeneratorHealth worst_of(const std::vector<Piece>& pieces) {
  GeneratorHealth out;
  std::vector<std::string> reasons;
  for (const auto& p : pieces) {
    GeneratorHealth g = p.interval->generator;
    g.segment = p.segment;
    g.segments.clear();
    out.loop_lag_p99_ms = std::max(out.loop_lag_p99_ms, g.loop_lag_p99_ms);
    out.cpu_percent = std::max(out.cpu_percent, g.cpu_percent);
    out.lateness_p99_ms = std::max(out.lateness_p99_ms, g.lateness_p99_ms);
    out.unsent += g.unsent;
    // Any segment's generator the bottleneck: the whole interval measured
    // the generators, not the target.
    if (!g.valid) {
      out.valid = false;
      reasons.push_back(fmt::format("segment {}: {}", p.segment, g.invalid_reason));
    }
    out.segments.push_back(std::move(g));
  }
  out.invalid_reason = fmt::format("{}", fmt::join(reasons, "; "));
  return out;
}

Interval merge_slot(long slot, double interval_s, const std::vector<Piece>& pieces) {
  Interval out;
  out.t_s = static_cast<double>(slot) * interval_s;
  for (const auto& p : pieces) out.length_s = std::max(out.length_s, p.interval->length_s);
  out.offered_per_s = per_s(pieces, out.length_s, &Interval::offered_per_s);
  out.achieved_per_s = per_s(pieces, out.length_s, &Interval::achieved_per_s);

  std::map<std::string, std::vector<const std::string*>> step_histograms, journey_histograms;
  for (const auto& p : pieces) {
    for (const auto& s : p.interval->steps) {
      auto& m = slot_named(out.steps, s.step, [](StepInterval& x) -> std::string& { return x.step; });
      for (std::size_t i = 0; i < outcome_count; ++i) m.outcomes[i] += s.outcomes[i];
      add_counts(m.failures, s.failures);
      m.max_us = std::max(m.max_us, s.max_us);
      m.bytes_read += s.bytes_read;
      m.decoded_bytes += s.decoded_bytes;
      step_histograms[s.step].push_back(&s.histogram);
    }
    for (const auto& q : p.interval->personas) {
      auto& m = slot_named(out.personas, q.persona, [](PersonaInterval& x) -> std::string& { return x.persona; });
      m.started += q.started;
      m.completed += q.completed;
      m.failed += q.failed;
      m.abandoned += q.abandoned;
      m.retries += q.retries;
      m.restarts += q.restarts;
      m.queued += q.queued;
      m.rejected += q.rejected;
      m.requests += q.requests;
      m.errors += q.errors;
      add_counts(m.failures, q.failures);
      journey_histograms[q.persona].push_back(&q.journey_histogram);
    }
  }
  for (auto& s : out.steps) s.histogram = add_histograms(step_histograms[s.step]);
  for (auto& q : out.personas) q.journey_histogram = add_histograms(journey_histograms[q.persona]);

  out.generator = worst_of(pieces);
  // A sum over some segments only would pass for the run's: all or none.
  if (std::all_of(pieces.begin(), pieces.end(), [](const Piece& p) { return p.interval->accounting.has_value(); })) {
    IntervalAccounting a;
    for (const auto& p : pieces) {
      const auto& b = *p.interval->accounting;
      a.requests += b.requests;
      a.not_sent += b.not_sent;
      a.unfinished += b.unfinished;
      a.stale_retries += b.stale_retries;
      a.internal_errors += b.internal_errors;
    }
    out.accounting = a;
  }
  if (std::all_of(pieces.begin(), pieces.end(), [](const Piece& p) { return p.interval->users_running.has_value(); })) {
    std::uint64_t users = 0;
    for (const auto& p : pieces) users += *p.interval->users_running;
    out.users_running = users;
  }
  return out;
}

}  // namespace

std::string add_histograms(const std::vector<const std::string*>& encoded) {
  std::optional<metrics::Histogram> sum;
  for (const auto* text : encoded) {
    if (!text || text->empty()) continue;
    auto h = metrics::decode_compressed_base64(*text);
    if (!sum)
      sum = std::move(h);
    else
      sum->merge(h);
  }
  return sum ? metrics::encode_compressed_base64(*sum) : std::string();
}

std::vector<Interval> merge_intervals(const std::vector<SegmentIntervals>& segments, double interval_s) {
  std::map<long, std::vector<Piece>> slots;
  for (const auto& s : segments)
    for (const auto& in : s.results->intervals) {
      const long slot = s.offset + std::lround(in.t_s / interval_s);
      slots[slot].push_back(Piece{s.index, &in});
    }
  std::vector<Interval> out;
  out.reserve(slots.size());
  for (const auto& [slot, pieces] : slots) out.push_back(merge_slot(slot, interval_s, pieces));
  return out;
}

}  // namespace rollcall::report
