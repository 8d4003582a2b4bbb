#include "scenario/yaml_reader.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "scenario/size.hpp"
#include "scenario/suggest.hpp"

namespace rollcall::scenario {

Field item(const YAML::Node& node) { return Field{"", node, node}; }

const Field* Fields::find(std::string_view key) const {
  for (const auto& f : fields_)
    if (f.key == key) return &f;
  return nullptr;
}

Location Reader::where(const Field& f) const {
  if (!f.value.IsDefined() || f.value.IsNull()) return where(f.key_node);
  return where(f.value);
}

std::string Reader::describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  std::string s = node.Scalar();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return fmt::format("'{}'", s);
}

std::optional<Fields> Reader::map(const Field& f, std::string_view expected, const Names& allowed) {
  if (!f.value.IsMap()) {
    problem(f, fmt::format("expected {}, got {}", expected, describe(f.value)));
    return std::nullopt;
  }
  Fields fields;
  std::vector<Field> merges;
  for (auto it = f.value.begin(); it != f.value.end(); ++it) {
    const YAML::Node key = it->first;
    Field entry{"", key, it->second};
    if (!key.IsScalar()) {
      problem(where(key), fmt::format("expected a key name, got {}", describe(key)));
      continue;
    }
    entry.key = key.Scalar();
    if (entry.key == "<<" && key.Tag() == "?") {
      merges.push_back(std::move(entry));
      continue;
    }
    if (const Field* first = fields.find(entry.key)) {
      problem_key(entry, fmt::format("duplicate key '{}' (first at line {})", entry.key, where_key(*first).line));
      continue;
    }
    fields.all().push_back(std::move(entry));
  }
  for (const auto& m : merges) merge(m, fields);
  if (!allowed.empty()) only(fields, allowed, expected);
  return fields;
}

void Reader::merge(const Field& m, Fields& fields) {
  // YAML's merge key ("<<: *defaults", or a list of them): yaml-cpp leaves
  // it to the application. Keys written in the map win over merged ones.
  std::vector<YAML::Node> sources;
  if (m.value.IsMap()) {
    sources.push_back(m.value);
  } else if (m.value.IsSequence()) {
    for (const auto& n : m.value) sources.push_back(n);
  }
  if (sources.empty() || !std::all_of(sources.begin(), sources.end(), [](const YAML::Node& n) { return n.IsMap(); })) {
    problem(m, fmt::format("expected a map to merge (such as <<: *anchor), got {}", describe(m.value)));
    return;
  }
  for (const auto& source : sources) {
    auto merged = map(item(source), "a map to merge");
    if (!merged) continue;
    for (auto& entry : merged->all())
      if (!fields.find(entry.key)) fields.all().push_back(std::move(entry));
  }
}

void Reader::only(Fields& fields, const Names& allowed, std::string_view in) {
  auto& all = fields.all();
  for (auto it = all.begin(); it != all.end();) {
    if (std::find(allowed.begin(), allowed.end(), it->key) != allowed.end()) {
      ++it;
      continue;
    }
    const auto guess = closest(it->key, allowed);
    problem_key(*it, fmt::format("unknown key '{}' in {}{} (allowed: {})", it->key, in,
                                 guess ? fmt::format("; did you mean '{}'?", *guess) : "", join_names(allowed)));
    it = all.erase(it);
  }
}

std::optional<Fields> Reader::map_or_empty(const Field& f, std::string_view expected, const Names& allowed) {
  if (!f.value.IsDefined() || f.value.IsNull()) return Fields{};
  return map(f, expected, allowed);
}

std::optional<std::vector<Field>> Reader::list(const Field& f, std::string_view expected) {
  if (!f.value.IsSequence()) {
    problem(f, fmt::format("expected {}, got {}", expected, describe(f.value)));
    return std::nullopt;
  }
  std::vector<Field> items;
  for (const auto& n : f.value) items.push_back(item(n));
  return items;
}

std::vector<Field> Reader::one_or_more(const Field& f, std::string_view expected) {
  if (f.value.IsSequence()) {
    std::vector<Field> items;
    for (const auto& n : f.value) items.push_back(item(n));
    return items;
  }
  if (f.value.IsScalar()) return {f};
  problem(f, fmt::format("expected {} or a list of them, got {}", expected, describe(f.value)));
  return {};
}

std::optional<std::string> Reader::text(const Field& f, std::string_view expected) {
  if (!f.value.IsScalar()) {
    problem(f, fmt::format("expected {}, got {}", expected, describe(f.value)));
    return std::nullopt;
  }
  return f.value.Scalar();
}

std::optional<std::int64_t> Reader::integer(const Field& f, std::string_view expected, std::int64_t min, std::int64_t max) {
  auto s = text(f, expected);
  if (!s) return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc{} || end != s->data() + s->size() || v < min || v > max) {
    problem(f, fmt::format("expected {}, got {}", expected, describe(f.value)));
    return std::nullopt;
  }
  return v;
}

std::optional<double> Reader::number(const Field& f, std::string_view expected) {
  auto s = text(f, expected);
  if (!s) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc{} || end != s->data() + s->size() || !std::isfinite(v)) {
    problem(f, fmt::format("expected {}, got {}", expected, describe(f.value)));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Reader::boolean(const Field& f) {
  auto s = text(f, "true or false");
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "True" || *s == "TRUE") return true;
  if (*s == "false" || *s == "False" || *s == "FALSE") return false;
  problem(f, fmt::format("expected true or false, got {}", describe(f.value)));
  return std::nullopt;
}

std::optional<Duration> Reader::duration(const Field& f) {
  auto s = text(f, "a duration such as 500ms or 2s");
  if (!s) return std::nullopt;
  if (auto d = parse_duration(*s)) return *d;
  const bool bare_number = !s->empty() && s->find_first_not_of("0123456789.") == std::string::npos;
  problem(f, fmt::format("expected a duration such as 500ms or 2s, got {}{}", describe(f.value),
                         bare_number ? fmt::format(": give a unit ({}s or {}ms)", *s, *s) : ""));
  return std::nullopt;
}

std::optional<Duration> Reader::positive_duration(const Field& f) {
  auto d = duration(f);
  if (d && d->count() <= 0) {
    problem(f, "expected a duration above 0, such as 30s or 5m");
    return std::nullopt;
  }
  return d;
}

std::optional<std::uint64_t> Reader::size(const Field& f) {
  auto s = text(f, "a size such as 512B, 300KB or 2MiB");
  if (!s) return std::nullopt;
  if (auto n = parse_size(*s)) return *n;
  problem(f, fmt::format("expected a size such as 512B, 300KB or 2MiB, got {}", describe(f.value)));
  return std::nullopt;
}

std::optional<Think> Reader::think(const Field& f) {
  static const Names kinds = {"uniform", "exponential", "normal"};
  if (f.value.IsScalar()) {
    auto d = duration(f);
    if (!d) return std::nullopt;
    return Think{Think::Kind::constant, *d, {}};
  }
  if (!f.value.IsMap() || f.value.size() != 1) {
    problem(f, fmt::format("expected a think time: a duration (2s) or one of {{uniform: [1s, 3s]}}, "
                           "{{exponential: 2s}}, {{normal: [2s, 500ms]}}; got {}",
                           describe(f.value)));
    return std::nullopt;
  }
  auto fields = map(f, "a think time", kinds);
  if (!fields || fields->all().empty()) return std::nullopt;
  const Field& spec = fields->all().front();
  auto pair = [&](std::string_view what) -> std::optional<std::pair<Duration, Duration>> {
    auto items = list(spec, what);
    if (!items) return std::nullopt;
    if (items->size() != 2) {
      problem(spec, fmt::format("expected {}, got a list of {}", what, items->size()));
      return std::nullopt;
    }
    auto a = duration((*items)[0]);
    auto b = duration((*items)[1]);
    if (!a || !b) return std::nullopt;
    return std::pair{*a, *b};
  };
  if (spec.key == "exponential") {
    auto mean = duration(spec);
    if (!mean) return std::nullopt;
    return Think{Think::Kind::exponential, *mean, {}};
  }
  if (spec.key == "uniform") {
    auto p = pair("two durations, [min, max]");
    if (!p) return std::nullopt;
    if (p->first > p->second) {
      problem(spec, fmt::format("uniform: the minimum {} is above the maximum {}", format_duration(p->first),
                                format_duration(p->second)));
      return std::nullopt;
    }
    return Think{Think::Kind::uniform, p->first, p->second};
  }
  auto p = pair("two durations, [mean, standard deviation]");
  if (!p) return std::nullopt;
  return Think{Think::Kind::normal, p->first, p->second};
}

void Reader::missing(const Field& map_field, std::string_view key, std::string_view what) {
  // At the map's own key ("student:" for a persona), where people look for it.
  problem(where_key(map_field), fmt::format("missing key '{}' in {}", key, what));
}

PlainType plain_type(const YAML::Node& scalar) {
  if (scalar.Tag() != "?") return PlainType::string;  // quoted: always a string
  const std::string& s = scalar.Scalar();
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return PlainType::null;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") return PlainType::boolean;
  // [-+]? digits [. digits] [e [-+]? digits], with digits on at least one side of the point.
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  const std::size_t whole = digits();
  bool is_float = false;
  std::size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    fraction = digits();
    is_float = true;
  }
  if (whole + fraction == 0) return PlainType::string;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return PlainType::string;
    is_float = true;
  }
  if (i != s.size()) return PlainType::string;
  return is_float ? PlainType::floating : PlainType::integer;
}

}  // namespace rollcall::scenario
