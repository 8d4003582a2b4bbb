#include "scenario/load_parser.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "scenario/load_shape.hpp"
#include "scenario/load_text.hpp"
#include "scenario/profile_parser.hpp"
#include "scenario/suggest.hpp"

namespace rollcall::scenario {

namespace {

// What every model's reader shares: the load's fields, whether all of them
// read well (each problem is told where it is, then reading goes on), and
// whether settings that read well contradict each other.
struct LoadReading {
  Reader& reader;
  const Fields& fields;
  const std::filesystem::path& base_dir;
  LoadSpec& spec;
  bool ok = true;
  bool contradicted = false;

  std::optional<double> rate(const Field& f, bool allow_zero) {
    auto text = reader.text(f, "a rate such as 50, 50/s or 3000/m");
    if (!text) return std::nullopt;
    TextProblem problem;
    auto v = parse_rate(*text, problem, allow_zero);
    if (!v) reader.problem(f, problem.message);
    return v;
  }
  // The rate under `key`, into `out`, when written.
  void rate(std::string_view key, double& out, bool allow_zero) {
    const Field* e = fields.find(key);
    if (!e) return;
    if (auto v = rate(*e, allow_zero)) out = *v;
    else ok = false;
  }
  void length(std::string_view key, Duration& out) {
    const Field* e = fields.find(key);
    if (!e) return;
    if (auto d = reader.positive_duration(*e)) out = *d;
    else ok = false;
  }
  template <class N>
  void count(std::string_view key, N& out, std::string_view expected, std::int64_t min, std::int64_t max) {
    const Field* e = fields.find(key);
    if (!e) return;
    if (auto n = reader.integer(*e, expected, min, max)) out = static_cast<N>(*n);
    else ok = false;
  }
  // Stages: {to: 50, over: 1m} ramps, {hold: 2m} holds; `users`: targets are users, not rates.
  void stages(std::vector<Stage>& out, bool users);
};

void LoadReading::stages(std::vector<Stage>& out, bool users) {
  const Field* f = fields.find("stages");
  if (!f) return;
  auto items = reader.list(*f, "a list of stages such as {to: 50, over: 1m} or {hold: 2m}");
  if (!items) {
    ok = false;
    return;
  }
  if (items->empty()) {
    reader.problem(*f, "no stages: expected at least one, such as {to: 50, over: 1m}");
    ok = false;
    return;
  }
  for (const auto& item : *items) {
    auto stage = reader.map(item, "a stage: {to: 50, over: 1m} or {hold: 2m}", {"to", "over", "hold"});
    if (!stage) {
      ok = false;
      continue;
    }
    const Field* hold = stage->find("hold");
    const Field* to = stage->find("to");
    const Field* over = stage->find("over");
    if (hold && (to || over)) {
      reader.problem_key(to ? *to : *over, "a stage either holds ({hold: 2m}) or moves ({to: 50, over: 1m}), not both");
      ok = false;
      continue;
    }
    if (hold) {
      auto d = reader.positive_duration(*hold);
      if (d) out.push_back({0, *d, true});
      else ok = false;
      continue;
    }
    if (!to || !over) {
      reader.missing(item, to ? "over" : "to", "a stage (to: where the level goes, over: in how long)");
      ok = false;
      continue;
    }
    std::optional<double> target;
    if (users) {
      if (auto n = reader.integer(*to, "a number of users from 0 to 1000000", 0, 1'000'000)) target = static_cast<double>(*n);
    } else {
      target = rate(*to, true);
    }
    auto d = reader.positive_duration(*over);
    if (target && d) out.push_back({*target, *d, false});
    else ok = false;
  }
}

// One reader per model: its own keys, into its own struct.
LoadSpec::Model read_constant(LoadReading& r) {
  ConstantLoad m;
  r.rate("rate", m.rate, false);
  return m;
}

LoadSpec::Model read_ramp(LoadReading& r) {
  RampLoad m;
  r.rate("from", m.from, true);
  r.rate("to", m.to, true);
  r.length("over", m.over);
  if (r.ok && m.from == m.to) {
    r.reader.problem(*r.fields.find("to"), fmt::format("a ramp from {:g}/s to the same rate: use model: constant", m.from));
    r.contradicted = true;
  }
  return m;
}

LoadSpec::Model read_stages(LoadReading& r) {
  StagesLoad m;
  r.rate("start", m.start, true);
  r.stages(m.stages, false);
  return m;
}

LoadSpec::Model read_steps(LoadReading& r) {
  StepsLoad m;
  r.rate("start", m.start, false);
  r.rate("step", m.step, false);
  r.length("every", m.every);
  r.count("count", m.count, "a number of steps from 1 to 1000", 1, 1000);
  return m;
}

LoadSpec::Model read_profile(LoadReading& r) {
  ProfileLoad m;
  r.rate("peak", m.peak, false);
  if (const Field* e = r.fields.find("profile")) {
    if (auto p = parse_profile(r.reader, *e, r.base_dir)) m.profile = std::move(*p);
    else r.ok = false;
  }
  if (const Field* e = r.fields.find("time_scale")) {
    auto text = r.reader.text(*e, "a time scale such as 1:30");
    TextProblem problem;
    std::optional<double> scale = text ? parse_time_scale(*text, problem) : std::nullopt;
    if (scale) r.spec.time_scale = *scale;
    else {
      if (text) r.reader.problem(*e, problem.message);
      r.ok = false;
    }
  }
  return m;
}

LoadSpec::Model read_vus(LoadReading& r) {
  VusLoad m;
  r.count("vus", m.vus, "a number of users from 1 to 1000000", 1, 1'000'000);
  return m;
}

LoadSpec::Model read_ramp_vus(LoadReading& r) {
  RampVusLoad m;
  r.stages(m.stages, true);
  return m;
}

struct ModelInfo {
  std::string_view name;
  Names keys;      // its own keys, besides the common ones
  Names required;
  bool open;
  LoadSpec::Model (*read)(LoadReading&);
};

const std::vector<ModelInfo>& models() {
  static const std::vector<ModelInfo> all = {
      {ConstantLoad::name, {"rate"}, {"rate"}, true, read_constant},
      {RampLoad::name, {"from", "to", "over"}, {"to", "over"}, true, read_ramp},
      {StagesLoad::name, {"stages", "start"}, {"stages"}, true, read_stages},
      {StepsLoad::name, {"start", "step", "every", "count"}, {"start", "step", "every", "count"}, true, read_steps},
      {ProfileLoad::name, {"profile", "peak", "time_scale"}, {"profile", "peak"}, true, read_profile},
      {VusLoad::name, {"vus"}, {"vus"}, false, read_vus},
      {RampVusLoad::name, {"stages"}, {"stages"}, false, read_ramp_vus},
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

const ModelInfo& model_named(std::string_view name) {
  for (const auto& info : models())
    if (info.name == name) return info;
  return models().front();
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
  if (fields.find("profile")) return &model_named(ProfileLoad::name);
  if (fields.find("vus")) return &model_named(VusLoad::name);
  if (fields.find("stages")) return &model_named(StagesLoad::name);
  if (fields.find("step") || fields.find("every") || fields.find("count")) return &model_named(StepsLoad::name);
  if (fields.find("from") || fields.find("to") || fields.find("over")) return &model_named(RampLoad::name);
  if (fields.find("rate")) return &model_named(ConstantLoad::name);
  reader.missing(f, "model", "the load (constant, ramp, stages, steps, profile, vus or ramp_vus)");
  return nullptr;
}

// The settings every model shares.
void read_common(LoadReading& r, const Names& common) {
  if (const Field* e = r.fields.find("duration")) {
    if (auto d = r.reader.positive_duration(*e)) r.spec.duration = *d;
    else r.ok = false;
  }
  if (const Field* e = r.fields.find("arrivals"); e && has(common, "arrivals")) {
    auto a = r.reader.text(*e, "uniform or poisson");
    if (a && *a == "uniform") r.spec.arrivals = LoadSpec::Arrivals::uniform;
    else if (a && *a == "poisson") r.spec.arrivals = LoadSpec::Arrivals::poisson;
    else {
      if (a) r.reader.problem(*e, fmt::format("expected uniform (evenly spaced) or poisson (random, as independent people arrive), got '{}'", *a));
      r.ok = false;
    }
  }
  if (const Field* e = r.fields.find("max_rate")) {
    if (auto v = r.rate(*e, false)) r.spec.max_rate = *v;
    else r.ok = false;
  }
}

// A duration shorter than the shape, a cap below its highest rate: read on
// the model's own curve, as the engine will play it.
bool fits_its_shape(Reader& reader, const Fields& fields, const LoadSpec& spec) {
  const RateCurve curve = shape(spec);
  bool ok = true;
  if (spec.duration && seconds(*spec.duration) < curve.duration() - 1e-9) {
    reader.problem(*fields.find("duration"),
                   fmt::format("duration {} is shorter than the {} itself ({}): lengthen it or leave it out",
                               format_duration(*spec.duration), spec.name(),
                               format_duration(Duration(std::llround(curve.duration() * 1e9)))));
    ok = false;
  }
  // A profile's highest point is its peak up to rounding.
  if (spec.open() && spec.max_rate && curve.peak() > *spec.max_rate * (1 + 1e-12)) {
    reader.problem(*fields.find("max_rate"),
                   fmt::format("max_rate {:g}/s is below the {}'s highest rate, {:g}/s: lower the load or raise max_rate",
                               *spec.max_rate, spec.name(), curve.peak()));
    ok = false;
  }
  return ok;
}

}  // namespace

std::optional<LoadSpec> parse_load(Reader& reader, const Field& f, const std::filesystem::path& base_dir) {
  auto fields = reader.map(f, "a load: a map with a model and its settings, such as {model: constant, rate: 50}", load_keys);
  if (!fields) return std::nullopt;
  const ModelInfo* info = find_model(reader, f, *fields);
  if (!info) return std::nullopt;
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
  // Keys of other models are told above and not read; the models' own
  // checks wait for every key to be right.
  Fields own;
  for (const auto& e : fields->all())
    if (has(common, e.key) || has(info->keys, e.key)) own.all().push_back(e);
  LoadSpec spec;
  spec.where = reader.where(f);
  LoadReading reading{reader, own, base_dir, spec, ok};
  read_common(reading, common);
  spec.model = info->read(reading);
  if (!reading.ok) return std::nullopt;
  const bool fits = fits_its_shape(reader, own, spec);
  if (reading.contradicted || !fits) return std::nullopt;
  return spec;
}

void apply_overrides(LoadSpec& spec, const LoadOverrides& overrides) {
  if (overrides.max_rate) spec.max_rate = overrides.max_rate;
  if (overrides.time_scale) spec.time_scale = *overrides.time_scale;
}

}  // namespace rollcall::scenario
