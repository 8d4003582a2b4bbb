#include "scenario/profile_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "scenario/csv.hpp"
#include "scenario/load_text.hpp"

namespace rollcall::scenario {

namespace {

// One point as written, each half with where it was written.
struct WrittenPoint {
  std::string time;
  Location time_at;
  std::string share;
  std::string share_shown;  // as messages quote it
  Location share_at;
};

// Where the points were written, for the messages: the scenario itself
// (`unit` "point") or a CSV file it names ("row", told elsewhere).
struct PointSource {
  std::string_view unit;
  Location whole;  // where a problem of the whole profile is told
  std::function<void(const Location&, std::string)> tell;
};

std::optional<double> read_share(std::string_view s) {
  const bool percent = !s.empty() && s.back() == '%';
  if (percent) s.remove_suffix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v) || v < 0) return std::nullopt;
  return percent ? v / 100 : v;
}

// The profile's one rule. `all_read`: false when some point could not even
// be read as text (already told): its neighbours are checked, not the whole.
std::optional<std::vector<ProfilePoint>> validated(const std::vector<WrittenPoint>& written, const PointSource& source,
                                                   bool all_read) {
  std::vector<ProfilePoint> points;
  bool ok = all_read;
  for (const auto& w : written) {
    TextProblem problem;
    auto minute = parse_minute(w.time, problem);
    if (!minute) source.tell(w.time_at, problem.message);
    auto share = read_share(w.share);
    if (!share)
      source.tell(w.share_at, fmt::format("expected a share of arrivals, a number or percentage of 0 or more, got {}", w.share_shown));
    if (!minute || !share) {
      ok = false;
      continue;
    }
    if (!points.empty() && *minute <= points.back().minute) {
      source.tell(w.time_at, fmt::format("times must grow from one {} to the next", source.unit));
      ok = false;
      continue;
    }
    points.push_back({*minute, *share});
  }
  if (!ok) return std::nullopt;
  if (points.size() < 2) {
    source.tell(source.whole, fmt::format("a profile needs at least two {}s: where the curve starts and where it ends", source.unit));
    return std::nullopt;
  }
  if (std::none_of(points.begin(), points.end(), [](const ProfilePoint& q) { return q.share > 0; })) {
    source.tell(source.whole, "every share is 0: no one would arrive");
    return std::nullopt;
  }
  return points;
}

std::optional<Profile> profile_from_csv(Reader& reader, const Field& file_field, const std::filesystem::path& base_dir) {
  auto written = reader.text(file_field, "a CSV file path");
  if (!written) return std::nullopt;
  const std::filesystem::path p(*written);
  const auto path = (p.is_absolute() ? p : base_dir / p).lexically_normal();
  const std::string shown = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    reader.problem(file_field, fmt::format("profile file '{}' not found: looked for {}", *written, shown));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path, ec)) {
    reader.problem(file_field, fmt::format("cannot read profile file {}", shown));
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const Location named_at = reader.where(file_field);
  auto at = [&](CsvPlace place) { return Location{shown, place.line, place.column}; };
  const PointSource source{"row", at({1, 1}), [&](const Location& where, std::string message) {
                             reader.problems().add_elsewhere(where, std::move(message), named_at);
                           }};
  auto parsed = parse_csv(buffer.str(), true);
  if (!parsed.problems.empty()) {
    for (auto& problem : parsed.problems) source.tell(at({problem.line, problem.column}), std::move(problem.message));
    return std::nullopt;
  }
  if (parsed.table.header.size() != 2) {
    source.tell(source.whole, fmt::format("expected two columns, the minute and the share (such as minute,share), got {}",
                                          parsed.table.header.size()));
    return std::nullopt;
  }
  std::vector<WrittenPoint> rows;
  for (std::size_t r = 0; r < parsed.table.rows.size(); ++r) {
    const auto& row = parsed.table.rows[r];
    rows.push_back({row[0], at(parsed.place(r, 0)), row[1], fmt::format("'{}'", row[1]), at(parsed.place(r, 1))});
  }
  auto points = validated(rows, source, true);
  if (!points) return std::nullopt;
  return Profile{std::move(*points), shown, named_at};
}

// Inline: a list of [time, share] or {at, share}, or a map of time to share.
std::optional<std::vector<std::pair<Field, Field>>> inline_entries(Reader& reader, const Field& f) {
  std::vector<std::pair<Field, Field>> entries;
  if (f.value.IsMap()) {
    auto fields = reader.map(f, "a profile");
    if (!fields) return std::nullopt;
    for (const auto& e : fields->all()) entries.emplace_back(Field{"", e.key_node, e.key_node}, e);
    return entries;
  }
  if (!f.value.IsSequence()) {
    reader.problem(f, fmt::format("expected a profile: {{file: rush.csv}}, a list of [time, share] or a map of time to "
                                  "share, got {}",
                                  Reader::describe(f.value)));
    return std::nullopt;
  }
  for (const auto& n : f.value) {
    const Field point = item(n);
    if (n.IsSequence() && n.size() == 2) {
      entries.emplace_back(item(n[0]), item(n[1]));
    } else if (n.IsMap()) {
      auto fields = reader.map(point, "a profile point: {at: \"7:55\", share: 1}", {"at", "share"});
      if (!fields) return std::nullopt;
      const Field* at = fields->find("at");
      const Field* share = fields->find("share");
      if (!at || !share) {
        reader.missing(point, at ? "share" : "at", "a profile point");
        return std::nullopt;
      }
      entries.emplace_back(*at, *share);
    } else {
      reader.problem(point, fmt::format("expected a profile point such as [\"7:55\", 1] or {{at: \"7:55\", share: 1}}, got {}",
                                        Reader::describe(n)));
      return std::nullopt;
    }
  }
  return entries;
}

}  // namespace

std::optional<Profile> parse_profile(Reader& reader, const Field& f, const std::filesystem::path& base_dir) {
  if (f.value.IsMap() && f.value["file"]) {
    auto fields = reader.map(f, "a profile file: {file: rush.csv}", {"file"});
    if (!fields) return std::nullopt;
    return profile_from_csv(reader, *fields->find("file"), base_dir);
  }
  auto entries = inline_entries(reader, f);
  if (!entries) return std::nullopt;
  std::vector<WrittenPoint> written;
  bool all_read = true;
  for (const auto& [time, share] : *entries) {
    auto time_text = reader.text(time, "a time of day such as 7:55");
    auto share_text = reader.text(share, "a share such as 1 or 25%");
    if (!time_text || !share_text) {
      all_read = false;
      continue;
    }
    written.push_back({*time_text, reader.where(time), *share_text, Reader::describe(share.value), reader.where(share)});
  }
  const PointSource source{"point", reader.where(f),
                           [&](const Location& where, std::string message) { reader.problem(where, std::move(message)); }};
  auto points = validated(written, source, all_read);
  if (!points) return std::nullopt;
  return Profile{std::move(*points), "", reader.where(f)};
}

std::optional<ArrivalSpec> parse_arrival(Reader& reader, const Field& f, const std::filesystem::path& base_dir) {
  auto fields = reader.map(f, "an arrival: {delay: 20m} and/or {profile: ...}", {"delay", "profile"});
  if (!fields) return std::nullopt;
  ArrivalSpec spec;
  spec.where = reader.where(f);
  if (fields->all().empty()) {
    reader.problem(f, "an empty arrival: give a delay (delay: 20m) or a profile");
    return std::nullopt;
  }
  bool ok = true;
  if (const Field* d = fields->find("delay")) {
    if (auto v = reader.duration(*d)) spec.delay = *v;
    else ok = false;
  }
  if (const Field* p = fields->find("profile")) {
    spec.profile = parse_profile(reader, *p, base_dir);
    ok = ok && spec.profile.has_value();
  }
  if (!ok) return std::nullopt;
  return spec;
}

}  // namespace rollcall::scenario
