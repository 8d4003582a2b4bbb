#include "scenario/population_parser.hpp"

#include <charconv>

#include <fmt/format.h>

#include "scenario/load_text.hpp"

namespace rollcall::scenario {

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
      if (auto d = reader.positive_duration(e)) spec.window = *d;
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

}  // namespace rollcall::scenario
