#include "scenario/load_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "scenario/csv.hpp"
#include "scenario/load_text.hpp"
#include "scenario/suggest.hpp"

namespace rollcall::scenario {

namespace {

struct ModelInfo {
  LoadSpec::Model model;
  std::string_view name;
  Names keys;      // its own keys, besides the common ones
  Names required;
  bool open;
};

const std::vector<ModelInfo>& models() {
  static const std::vector<ModelInfo> all = {
      {LoadSpec::Model::constant, "constant", {"rate"}, {"rate"}, true},
      {LoadSpec::Model::ramp, "ramp", {"from", "to", "over"}, {"to", "over"}, true},
      {LoadSpec::Model::stages, "stages", {"stages", "start"}, {"stages"}, true},
      {LoadSpec::Model::steps, "steps", {"start", "step", "every", "count"}, {"start", "step", "every", "count"}, true},
      {LoadSpec::Model::profile, "profile", {"profile", "peak", "time_scale"}, {"profile", "peak"}, true},
      {LoadSpec::Model::vus, "vus", {"vus"}, {"vus"}, false},
      {LoadSpec::Model::ramp_vus, "ramp_vus", {"stages"}, {"stages"}, false},
  };
  return all;
}

const Names load_keys = {"model", "arrivals", "duration", "max_rate", "rate", "from", "to", "over", "stages",
                         "start", "step", "every", "count", "vus", "profile", "peak", "time_scale"};
const Names open_common = {"model", "duration", "arrivals", "max_rate"};
const Names closed_common = {"model", "duration", "max_rate"};

bool has(const Names& names, std::string_view key) { return std::find(names.begin(), names.end(), key) != names.end(); }

std::string join(const Names& a, const Names& b) {
  Names all = a;
  for (auto n : b)
    if (n != "model") all.push_back(n);
  return join_names(all);
}

// The model written, or the one the keys give away when `model:` is left out.
const ModelInfo* find_model(Reader& reader, const Field& f, const Fields& fields) {
  if (const Field* m = fields.find("model")) {
    auto name = reader.text(*m, "a load model");
    if (!name) return nullptr;
    for (const auto& info : models())
      if (info.name == *name) return &info;
    Names names;
    for (const auto& info : models()) names.push_back(info.name);
    const auto guess = closest(*name, names);
    reader.problem(*m, fmt::format("unknown load model '{}'{} (a model is one of: {})", *name,
                                   guess ? fmt::format("; did you mean '{}'?", *guess) : "", join_names(names)));
    return nullptr;
  }
  auto model = [](LoadSpec::Model m) {
    for (const auto& info : models())
      if (info.model == m) return &info;
    return &models().front();
  };
  if (fields.find("profile")) return model(LoadSpec::Model::profile);
  if (fields.find("vus")) return model(LoadSpec::Model::vus);
  if (fields.find("stages")) return model(LoadSpec::Model::stages);
  if (fields.find("step") || fields.find("every") || fields.find("count")) return model(LoadSpec::Model::steps);
  if (fields.find("from") || fields.find("to") || fields.find("over")) return model(LoadSpec::Model::ramp);
  if (fields.find("rate")) return model(LoadSpec::Model::constant);
  reader.missing(f, "model", "the load (constant, ramp, stages, steps, profile, vus or ramp_vus)");
  return nullptr;
}

std::optional<double> read_rate(Reader& reader, const Field& f, bool allow_zero = false) {
  auto text = reader.text(f, "a rate such as 50, 50/s or 3000/m");
  if (!text) return std::nullopt;
  TextProblem problem;
  auto v = parse_rate(*text, problem, allow_zero);
  if (!v) reader.problem(f, problem.message);
  return v;
}

std::optional<Duration> positive_duration(Reader& reader, const Field& f) {
  auto d = reader.duration(f);
  if (d && d->count() <= 0) {
    reader.problem(f, "expected a duration above 0, such as 30s or 5m");
    return std::nullopt;
  }
  return d;
}

std::optional<double> read_share(std::string_view s) {
  const bool percent = !s.empty() && s.back() == '%';
  if (percent) s.remove_suffix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v) || v < 0) return std::nullopt;
  return percent ? v / 100 : v;
}

// Stages: {to: 50, over: 1m} ramps, {hold: 2m} holds.
std::optional<std::vector<Stage>> read_stages(Reader& reader, const Field& f, bool users) {
  auto items = reader.list(f, "a list of stages such as {to: 50, over: 1m} or {hold: 2m}");
  if (!items) return std::nullopt;
  if (items->empty()) {
    reader.problem(f, "no stages: expected at least one, such as {to: 50, over: 1m}");
    return std::nullopt;
  }
  std::vector<Stage> stages;
  bool ok = true;
  for (const auto& item : *items) {
    auto fields = reader.map(item, "a stage: {to: 50, over: 1m} or {hold: 2m}", {"to", "over", "hold"});
    if (!fields) {
      ok = false;
      continue;
    }
    Stage s;
    const Field* hold = fields->find("hold");
    const Field* to = fields->find("to");
    const Field* over = fields->find("over");
    if (hold && (to || over)) {
      reader.problem_key(to ? *to : *over, "a stage either holds ({hold: 2m}) or moves ({to: 50, over: 1m}), not both");
      ok = false;
      continue;
    }
    if (hold) {
      auto d = positive_duration(reader, *hold);
      if (!d) {
        ok = false;
        continue;
      }
      s.hold = true;
      s.over = *d;
    } else {
      if (!to || !over) {
        reader.missing(item, to ? "over" : "to", "a stage (to: where the level goes, over: in how long)");
        ok = false;
        continue;
      }
      std::optional<double> target;
      if (users) {
        if (auto n = reader.integer(*to, "a number of users from 0 to 1000000", 0, 1'000'000)) target = static_cast<double>(*n);
      } else {
        target = read_rate(reader, *to, true);
      }
      auto d = positive_duration(reader, *over);
      if (!target || !d) {
        ok = false;
        continue;
      }
      s.target = *target;
      s.over = *d;
    }
    stages.push_back(s);
  }
  if (!ok) return std::nullopt;
  return stages;
}

// How long the model's shape lasts, and its highest rate (open models).
double shape_seconds(const LoadSpec& s) {
  switch (s.model) {
    case LoadSpec::Model::ramp: return seconds(s.over);
    case LoadSpec::Model::stages:
    case LoadSpec::Model::ramp_vus: {
      double t = 0;
      for (const auto& st : s.stages) t += seconds(st.over);
      return t;
    }
    case LoadSpec::Model::steps: return seconds(s.every) * s.count;
    case LoadSpec::Model::profile:
      return s.profile ? (s.profile->points.back().minute - s.profile->points.front().minute) * 60 / s.time_scale : 0;
    default: return 0;
  }
}

double highest_rate(const LoadSpec& s) {
  switch (s.model) {
    case LoadSpec::Model::constant: return s.rate;
    case LoadSpec::Model::ramp: return std::max(s.from, s.to);
    case LoadSpec::Model::stages: {
      double m = s.start;
      for (const auto& st : s.stages)
        if (!st.hold) m = std::max(m, st.target);
      return m;
    }
    case LoadSpec::Model::steps: return s.start + s.step * (s.count > 0 ? s.count - 1 : 0);
    case LoadSpec::Model::profile: return s.peak;
    default: return 0;
  }
}

std::string rate_text(double r) { return fmt::format("{:g}/s", r); }

// Where each field of each non-blank record of a CSV starts, as the CSV
// reader counts lines and columns: to tell a bad value at its cell.
std::vector<std::vector<std::pair<int, int>>> cell_positions(std::string_view text) {
  std::vector<std::vector<std::pair<int, int>>> records;
  std::size_t pos = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  int line = 1;
  std::size_t line_start = 0;
  while (pos < text.size()) {
    std::vector<std::pair<int, int>> cells;
    const std::size_t record_start = pos;
    for (;;) {
      cells.emplace_back(line, static_cast<int>(pos - line_start) + 1);
      if (pos < text.size() && text[pos] == '"') {
        ++pos;
        while (pos < text.size()) {
          const char c = text[pos++];
          if (c == '"') {
            if (pos < text.size() && text[pos] == '"') {
              ++pos;
              continue;
            }
            break;
          }
          if (c == '\n') {
            ++line;
            line_start = pos;
          }
        }
      }
      while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') ++pos;
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      break;
    }
    if (pos != record_start) records.push_back(std::move(cells));
    if (pos < text.size() && text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;
    ++line;
    line_start = pos;
  }
  return records;
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
  const std::string text = std::move(buffer).str();
  const Location named_at = reader.where(file_field);
  auto elsewhere = [&](int line, int column, std::string message) {
    reader.problems().add_elsewhere(Location{shown, line, column}, std::move(message), named_at);
  };
  auto parsed = parse_csv(text);
  if (!parsed.problems.empty()) {
    for (auto& problem : parsed.problems) elsewhere(problem.line, problem.column, std::move(problem.message));
    return std::nullopt;
  }
  if (parsed.table.header.size() != 2) {
    elsewhere(1, 1, fmt::format("expected two columns, the minute and the share (such as minute,share), got {}",
                                parsed.table.header.size()));
    return std::nullopt;
  }
  if (parsed.table.rows.size() < 2) {
    elsewhere(1, 1, "a profile needs at least two rows: where the curve starts and where it ends");
    return std::nullopt;
  }
  const auto cells = cell_positions(text);
  Profile profile;
  profile.file = shown;
  profile.where = named_at;
  bool ok = true;
  for (std::size_t r = 0; r < parsed.table.rows.size(); ++r) {
    const auto& row = parsed.table.rows[r];
    auto at = [&](std::size_t c) {
      return r + 1 < cells.size() && c < cells[r + 1].size() ? cells[r + 1][c] : std::pair<int, int>{1, 1};
    };
    TextProblem problem;
    auto minute = parse_minute(row[0], problem);
    if (!minute) elsewhere(at(0).first, at(0).second, problem.message);
    auto share = read_share(row[1]);
    if (!share)
      elsewhere(at(1).first, at(1).second,
                fmt::format("expected a share of arrivals, a number or percentage of 0 or more, got '{}'", row[1]));
    if (!minute || !share) {
      ok = false;
      continue;
    }
    if (!profile.points.empty() && *minute <= profile.points.back().minute) {
      elsewhere(at(0).first, at(0).second, "times must grow from one row to the next");
      ok = false;
      continue;
    }
    profile.points.push_back({*minute, *share});
  }
  if (ok && std::none_of(profile.points.begin(), profile.points.end(), [](const ProfilePoint& q) { return q.share > 0; })) {
    elsewhere(1, 1, "every share is 0: no one would arrive");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return profile;
}

}  // namespace

std::optional<Profile> parse_profile(Reader& reader, const Field& f, const std::filesystem::path& base_dir) {
  if (f.value.IsMap() && f.value["file"]) {
    auto fields = reader.map(f, "a profile file: {file: rush.csv}", {"file"});
    if (!fields) return std::nullopt;
    return profile_from_csv(reader, *fields->find("file"), base_dir);
  }
  // Inline: a list of [time, share] or {at, share}, or a map of time to share.
  std::vector<std::pair<Field, Field>> entries;
  if (f.value.IsMap()) {
    auto fields = reader.map(f, "a profile");
    if (!fields) return std::nullopt;
    for (const auto& e : fields->all()) entries.emplace_back(Field{"", e.key_node, e.key_node}, e);
  } else if (f.value.IsSequence()) {
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
  } else {
    reader.problem(f, fmt::format("expected a profile: {{file: rush.csv}}, a list of [time, share] or a map of time to "
                                  "share, got {}",
                                  Reader::describe(f.value)));
    return std::nullopt;
  }
  Profile profile;
  profile.where = reader.where(f);
  bool ok = true;
  for (const auto& [time, share_field] : entries) {
    auto text = reader.text(time, "a time of day such as 7:55");
    auto share_text = reader.text(share_field, "a share such as 1 or 25%");
    if (!text || !share_text) {
      ok = false;
      continue;
    }
    TextProblem problem;
    auto minute = parse_minute(*text, problem);
    if (!minute) reader.problem(time, problem.message);
    auto share = read_share(*share_text);
    if (!share)
      reader.problem(share_field, fmt::format("expected a share of arrivals, a number or percentage of 0 or more, got {}",
                                              Reader::describe(share_field.value)));
    if (!minute || !share) {
      ok = false;
      continue;
    }
    if (!profile.points.empty() && *minute <= profile.points.back().minute) {
      reader.problem(time, "times must grow from one point to the next");
      ok = false;
      continue;
    }
    profile.points.push_back({*minute, *share});
  }
  if (!ok) return std::nullopt;
  if (profile.points.size() < 2) {
    reader.problem(f, "a profile needs at least two points: where the curve starts and where it ends");
    return std::nullopt;
  }
  if (std::none_of(profile.points.begin(), profile.points.end(), [](const ProfilePoint& q) { return q.share > 0; })) {
    reader.problem(f, "every share is 0: no one would arrive");
    return std::nullopt;
  }
  return profile;
}

std::optional<LoadSpec> parse_load(Reader& reader, const Field& f, const std::filesystem::path& base_dir) {
  auto fields = reader.map(f, "a load: a map with a model and its settings, such as {model: constant, rate: 50}", load_keys);
  if (!fields) return std::nullopt;
  const ModelInfo* info = find_model(reader, f, *fields);
  if (!info) return std::nullopt;
  LoadSpec spec;
  spec.model = info->model;
  spec.where = reader.where(f);
  const Names& common = info->open ? open_common : closed_common;
  bool ok = true;
  for (const auto& e : fields->all())
    if (!has(common, e.key) && !has(info->keys, e.key)) {
      reader.problem_key(e, fmt::format("'{}' does not go with model {} ({} takes: {})", e.key, info->name, info->name,
                                        join(common, info->keys)));
      ok = false;
    }
  for (auto key : info->required)
    if (!fields->find(key)) {
      reader.missing(f, key, fmt::format("a {} load", info->name));
      ok = false;
    }
  auto rate_of = [&](std::string_view key, double& out, bool allow_zero) {
    const Field* e = fields->find(key);
    if (!e || !has(info->keys, key)) return;
    if (auto v = read_rate(reader, *e, allow_zero)) out = *v;
    else ok = false;
  };
  rate_of("rate", spec.rate, false);
  rate_of("from", spec.from, true);
  rate_of("to", spec.to, true);
  rate_of("start", spec.start, spec.model == LoadSpec::Model::stages);
  rate_of("step", spec.step, false);
  rate_of("peak", spec.peak, false);
  auto duration_of = [&](std::string_view key, Duration& out) {
    const Field* e = fields->find(key);
    if (!e || (!has(info->keys, key) && !has(common, key))) return;
    if (auto d = positive_duration(reader, *e)) out = *d;
    else ok = false;
  };
  duration_of("over", spec.over);
  duration_of("every", spec.every);
  if (const Field* e = fields->find("duration")) {
    if (auto d = positive_duration(reader, *e)) spec.duration = *d;
    else ok = false;
  }
  if (const Field* e = fields->find("count"); e && has(info->keys, "count")) {
    if (auto n = reader.integer(*e, "a number of steps from 1 to 1000", 1, 1000)) spec.count = static_cast<unsigned>(*n);
    else ok = false;
  }
  if (const Field* e = fields->find("vus"); e && has(info->keys, "vus")) {
    if (auto n = reader.integer(*e, "a number of users from 1 to 1000000", 1, 1'000'000)) spec.vus = static_cast<unsigned>(*n);
    else ok = false;
  }
  if (const Field* e = fields->find("stages"); e && has(info->keys, "stages")) {
    if (auto s = read_stages(reader, *e, spec.model == LoadSpec::Model::ramp_vus)) spec.stages = std::move(*s);
    else ok = false;
  }
  if (const Field* e = fields->find("profile"); e && has(info->keys, "profile")) {
    spec.profile = parse_profile(reader, *e, base_dir);
    ok = ok && spec.profile.has_value();
  }
  if (const Field* e = fields->find("time_scale"); e && has(info->keys, "time_scale")) {
    auto text = reader.text(*e, "a time scale such as 1:30");
    TextProblem problem;
    std::optional<double> scale = text ? parse_time_scale(*text, problem) : std::nullopt;
    if (scale) spec.time_scale = *scale;
    else {
      if (text) reader.problem(*e, problem.message);
      ok = false;
    }
  }
  if (const Field* e = fields->find("arrivals"); e && has(common, "arrivals")) {
    auto a = reader.text(*e, "uniform or poisson");
    if (a && *a == "uniform") spec.arrivals = LoadSpec::Arrivals::uniform;
    else if (a && *a == "poisson") spec.arrivals = LoadSpec::Arrivals::poisson;
    else {
      if (a) reader.problem(*e, fmt::format("expected uniform (evenly spaced) or poisson (random, as independent people arrive), got '{}'", *a));
      ok = false;
    }
  }
  const Field* max_field = fields->find("max_rate");
  if (max_field && has(common, "max_rate")) {
    if (auto v = read_rate(reader, *max_field)) spec.max_rate = *v;
    else ok = false;
  }
  if (!ok) return std::nullopt;

  // Settings that contradict each other.
  if (spec.model == LoadSpec::Model::ramp && spec.from == spec.to) {
    reader.problem(*fields->find("to"), fmt::format("a ramp from {} to the same rate: use model: constant", rate_text(spec.from)));
    ok = false;
  }
  const double shape = shape_seconds(spec);
  if (const Field* d = fields->find("duration"); d && spec.duration && shape > 0 && seconds(*spec.duration) < shape - 1e-9) {
    reader.problem(*d, fmt::format("duration {} is shorter than the {} itself ({}): lengthen it or leave it out",
                                   format_duration(*spec.duration), info->name,
                                   format_duration(Duration(static_cast<std::int64_t>(shape * 1e9)))));
    ok = false;
  }
  if (spec.max_rate && highest_rate(spec) > *spec.max_rate) {
    reader.problem(*max_field, fmt::format("max_rate {} is below the {}'s highest rate, {}: lower the load or raise max_rate",
                                           rate_text(*spec.max_rate), info->name, rate_text(highest_rate(spec))));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return spec;
}

std::optional<std::vector<Objective>> parse_slo(Reader& reader, const Field& f, const ObjectiveNames& names) {
  const auto items = reader.one_or_more(f, "an objective such as 'login.p95 < 800ms'");
  if (items.empty()) {
    if (f.value.IsSequence()) reader.problem(f, "no objectives: give at least one, such as 'errors < 1%', or leave slo out");
    return std::nullopt;
  }
  std::vector<Objective> objectives;
  bool ok = true;
  for (const auto& item : items) {
    // An objective is its text, or a map that adds when it ends the run:
    // {objective: "errors < 5%", abort_on_fail: true, delay: 30s}.
    const Field* i = &item;
    std::optional<Fields> fields;
    if (item.value.IsMap()) {
      fields = reader.map(item, "an objective: {objective: 'errors < 5%', abort_on_fail: true, delay: 30s}",
                          {"objective", "abort_on_fail", "delay"});
      if (!fields) {
        ok = false;
        continue;
      }
      i = fields->find("objective");
      if (!i) {
        reader.missing(item, "objective", "the objective itself, such as 'errors < 5%'");
        ok = false;
        continue;
      }
    }
    auto text = reader.text(*i, "an objective such as 'login.p95 < 800ms'");
    if (!text) {
      ok = false;
      continue;
    }
    TextProblem problem;
    auto o = parse_objective(*text, problem, names);
    if (!o) {
      reader.problem(reader.source().at_offset(i->value.Mark(), problem.offset), problem.message);
      ok = false;
      continue;
    }
    o->where = reader.where(*i);
    if (fields) {
      if (const Field* abort = fields->find("abort_on_fail")) {
        const auto b = reader.boolean(*abort);
        if (!b) ok = false;
        o->abort_on_fail = b.value_or(false);
      }
      if (const Field* delay = fields->find("delay")) {
        const auto d = reader.duration(*delay);
        if (!d) ok = false;
        if (d) o->abort_delay = *d;
        if (!fields->find("abort_on_fail") || !o->abort_on_fail) {
          reader.problem(*delay, "delay is how long the run goes before abort_on_fail may end it: set abort_on_fail: true, or leave delay out");
          ok = false;
        }
      }
    }
    objectives.push_back(std::move(*o));
  }
  if (!ok) return std::nullopt;
  return objectives;
}

std::optional<PopulationSpec> parse_population(Reader& reader, const Field& f) {
  auto fields = reader.map(f, "a population: a map of roles to counts, such as {student: 1200000}");
  if (!fields) return std::nullopt;
  PopulationSpec spec;
  spec.where = reader.where(f);
  bool ok = true;
  auto count_of = [&](const Field& e) -> std::optional<std::uint64_t> {
    auto text = reader.text(e, "a number of people such as 1200000");
    if (!text) return std::nullopt;
    std::string digits;
    for (char c : *text)
      if (c != '_' && c != ',' && c != ' ') digits += c;  // 1_200_000 and "1,200,000" read as people write them
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || end != digits.data() + digits.size() || n == 0 || digits.empty()) {
      reader.problem(e, fmt::format("expected a number of people above 0 such as 1200000, got {}", Reader::describe(e.value)));
      return std::nullopt;
    }
    return n;
  };
  for (const auto& e : fields->all()) {
    if (e.key == "window") {
      if (auto d = positive_duration(reader, e)) spec.window = *d;
      else ok = false;
      continue;
    }
    if (e.key == "peak_factor") {
      auto v = reader.number(e, "a peak factor of 1 or more, such as 3");
      if (v && *v >= 1) spec.peak_factor = *v;
      else {
        if (v) reader.problem(e, fmt::format("expected a peak factor of 1 or more (the busiest minute against the mean), got {:g}", *v));
        ok = false;
      }
      continue;
    }
    PopulationGroup g;
    g.role = e.key;
    g.where = reader.where_key(e);
    if (e.value.IsMap()) {
      auto group = reader.map(e, fmt::format("the population of {}: {{count, share}}", e.key), {"count", "share"});
      if (!group) {
        ok = false;
        continue;
      }
      const Field* c = group->find("count");
      if (!c) {
        reader.missing(e, "count", fmt::format("the population of {}", e.key));
        ok = false;
        continue;
      }
      auto n = count_of(*c);
      if (!n) {
        ok = false;
        continue;
      }
      g.count = *n;
      if (const Field* s = group->find("share")) {
        auto text = reader.text(*s, "a share such as 90%");
        TextProblem problem;
        auto share = text ? parse_ratio(*text, problem) : std::nullopt;
        if (!share) {
          if (text) reader.problem(*s, fmt::format("expected the share who log in during the window, such as 90%: {}", problem.message));
          ok = false;
          continue;
        }
        g.share = *share;
      }
    } else {
      auto n = count_of(e);
      if (!n) {
        ok = false;
        continue;
      }
      g.count = *n;
    }
    spec.groups.push_back(std::move(g));
  }
  if (ok && spec.groups.empty()) {
    reader.problem(f, "no one in the population: give at least one role, such as student: 1200000");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return spec;
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

void apply_overrides(LoadSpec& spec, const LoadOverrides& overrides) {
  if (overrides.max_rate) spec.max_rate = overrides.max_rate;
  if (overrides.time_scale) spec.time_scale = *overrides.time_scale;
}

}  // namespace rollcall::scenario
