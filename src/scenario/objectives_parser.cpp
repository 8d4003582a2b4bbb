#include "scenario/objectives_parser.hpp"

#include <fmt/format.h>

#include "scenario/load_text.hpp"

namespace rollcall::scenario {

namespace {

// One objective written as its text.
std::optional<Objective> read_text(Reader& reader, const Field& f, const ObjectiveNames& names) {
  auto text = reader.text(f, "an objective such as 'login.p95 < 800ms'");
  if (!text) return std::nullopt;
  TextProblem problem;
  auto o = parse_objective(*text, problem, names);
  if (!o) {
    reader.problem(reader.source().at_offset(f.value.Mark(), problem.offset), problem.message);
    return std::nullopt;
  }
  o->where = reader.where(f);
  return o;
}

// The map form: the text under `objective`, and when a failure ends the run.
std::optional<Objective> read_map(Reader& reader, const Field& item, const ObjectiveNames& names) {
  auto fields = reader.map(item, "an objective: {objective: 'errors < 5%', abort_on_fail: true, delay: 30s}",
                           {"objective", "abort_on_fail", "delay"});
  if (!fields) return std::nullopt;
  const Field* text = fields->find("objective");
  if (!text) {
    reader.missing(item, "objective", "the objective itself, such as 'errors < 5%'");
    return std::nullopt;
  }
  auto o = read_text(reader, *text, names);
  if (!o) return std::nullopt;
  bool ok = true;
  if (const Field* abort = fields->find("abort_on_fail")) {
    const auto b = reader.boolean(*abort);
    if (!b) ok = false;
    o->abort_on_fail = b.value_or(false);
  }
  if (const Field* delay = fields->find("delay")) {
    const auto d = reader.duration(*delay);
    if (!d) ok = false;
    if (d) o->abort_delay = *d;
    if (!o->abort_on_fail) {
      reader.problem(*delay, "delay is how long the run goes before abort_on_fail may end it: set abort_on_fail: true, or leave delay out");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return o;
}

}  // namespace

std::optional<std::vector<Objective>> parse_slo(Reader& reader, const Field& f, const ObjectiveNames& names) {
  const auto items = reader.one_or_more(f, "an objective such as 'login.p95 < 800ms'");
  if (items.empty()) {
    if (f.value.IsSequence()) reader.problem(f, "no objectives: give at least one, such as 'errors < 1%', or leave slo out");
    return std::nullopt;
  }
  std::vector<Objective> objectives;
  bool ok = true;
  for (const auto& item : items) {
    auto o = item.value.IsMap() ? read_map(reader, item, names) : read_text(reader, item, names);
    if (o) objectives.push_back(std::move(*o));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return objectives;
}

}  // namespace rollcall::scenario
