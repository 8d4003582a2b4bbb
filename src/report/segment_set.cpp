#include "report/segment_set.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

namespace rollcall::report {

namespace {

// Segments copied to other machines keep their scenario's file name, not
// always its folder.
std::string scenario_name(const Results& r) { return std::filesystem::path(r.run.scenario).filename().string(); }

}  // namespace

MergeRefused::MergeRefused(const std::string& dir, const std::string& why) : std::runtime_error(fmt::format("{}: {}", dir, why)) {}

SegmentSet place_segments(const std::vector<SegmentDir>& dirs) {
  if (dirs.empty()) throw MergeRefused("merge", "no results directory given");
  const auto& first = dirs.front();
  for (const auto& d : dirs) {
    const auto& run = d.results.run;
    if (run.generators > 1)
      throw MergeRefused(d.dir, fmt::format("already a merged run of {} generators: merge the segments' own directories", run.generators));
    if (run.schema != first.results.run.schema)
      throw MergeRefused(d.dir, fmt::format("schema {} differs from {}'s {}", run.schema, first.dir, first.results.run.schema));
    if (scenario_name(d.results) != scenario_name(first.results))
      throw MergeRefused(d.dir, fmt::format("scenario {} differs from {}'s {}: not segments of one run", run.scenario, first.dir,
                                            first.results.run.scenario));
    if (run.kind != first.results.run.kind)
      throw MergeRefused(d.dir, fmt::format("a {} differs from {}, a {}", run.kind, first.dir, first.results.run.kind));
    if (run.interval_s != first.results.run.interval_s)
      throw MergeRefused(d.dir, fmt::format("interval of {:g} s differs from {}'s {:g} s", run.interval_s, first.dir,
                                            first.results.run.interval_s));
    if (run.segment.has_value() != first.results.run.segment.has_value())
      throw MergeRefused(d.dir, fmt::format("{} a segment (--segment) and {} {}: not parts of one distributed run",
                                            run.segment ? "is" : "is not", first.dir, first.results.run.segment ? "is" : "is not"));
  }

  SegmentSet set;
  set.interval_s = first.results.run.interval_s > 0 ? first.results.run.interval_s : 1;
  const int n = static_cast<int>(dirs.size());
  std::vector<const SegmentDir*> by_index(static_cast<std::size_t>(n), nullptr);
  if (!first.results.run.segment) {
    if (n < 2)
      throw MergeRefused(first.dir, "not a segment (no --segment) and nothing to merge it with: give every segment's directory");
    set.notes.push_back(fmt::format("the directories carry no segment number (run without --segment): merged as segments 1 to {} in the order given", n));
    for (int i = 0; i < n; ++i) by_index[static_cast<std::size_t>(i)] = &dirs[static_cast<std::size_t>(i)];
  } else {
    for (const auto& d : dirs) {
      const auto seg = *d.results.run.segment;
      if (seg.count != n)
        throw MergeRefused(d.dir, fmt::format("segment {}/{}, but {} director{} given: give all {} segments", seg.index, seg.count, n,
                                              n == 1 ? "y" : "ies", seg.count));
      if (seg.index < 1 || seg.index > n) throw MergeRefused(d.dir, fmt::format("segment {}/{} is not one of 1 to {}", seg.index, seg.count, n));
      auto& at = by_index[static_cast<std::size_t>(seg.index - 1)];
      if (at) throw MergeRefused(d.dir, fmt::format("segment {}/{} again: {} is segment {}/{} too", seg.index, seg.count, at->dir, seg.index, seg.count));
      at = &d;
    }
  }

  set.started_at = (*std::min_element(by_index.begin(), by_index.end(), [](const auto* a, const auto* b) {
                      return a->results.run.started_at < b->results.run.started_at;
                    }))->results.run.started_at;
  for (int i = 0; i < n; ++i) {
    const auto* d = by_index[static_cast<std::size_t>(i)];
    const double apart = d->results.run.started_at - set.started_at;
    const long offset = std::lround(apart / set.interval_s);
    // Started with the same --start-at: the same instant, nothing to round.
    if (apart > set.interval_s / 2)
      set.notes.push_back(fmt::format("segment {} ({}) started {:.3f} s after the first: its intervals are placed {} interval{} later, "
                                      "to the nearest interval (--start-at aligns them exactly)",
                                      i + 1, d->dir, apart, offset, offset == 1 ? "" : "s"));
    set.segments.push_back(SegmentPlacement{d, i + 1, offset});
  }
  for (const auto& s : set.segments) {
    if (s.dir->results.truncated_tail)
      set.notes.push_back(fmt::format("segment {} ({}): its stream's last line was cut (crash or kill): merged up to the line before",
                                      s.index, s.dir->dir));
    if (!s.dir->results.end)
      set.notes.push_back(fmt::format("segment {} ({}) did not finish (no end record): merged what it recorded", s.index, s.dir->dir));
  }
  return set;
}

}  // namespace rollcall::report
