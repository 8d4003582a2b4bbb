#include "scenario/flow_parser.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "scenario/suggest.hpp"

namespace rollcall::scenario {

namespace {

struct Kind {
  std::string_view key;
  std::optional<Method> method;
};

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> table = {
      {"get", Method::get},       {"post", Method::post},     {"put", Method::put},   {"delete", Method::delete_},
      {"patch", Method::patch},   {"head", Method::head},     {"submit_form", {}},    {"fetch", {}},
      {"group", {}},              {"repeat", {}},             {"while", {}},          {"if", {}},
      {"think", {}},
  };
  return table;
}

Names kind_names() {
  Names names;
  for (const auto& k : kinds()) names.push_back(k.key);
  return names;
}

const Names request_keys = {"name", "headers", "query", "form", "json", "multipart", "body",
                            "expect", "extract", "redirects", "timeout"};
const Names submit_keys = {"name", "expect", "extract", "redirects", "timeout"};
const Names condition_keys = {"defined", "undefined", "equals", "not_equals", "matches"};

Names with(std::string_view kind, const Names& others) {
  Names names{kind};
  names.insert(names.end(), others.begin(), others.end());
  return names;
}

// The parts of a control step, written inside its map or beside its key:
//   - if: {defined: x, then: [...]}      - if: {defined: x}
//                                          then: [...]
const Names& control_parts(std::string_view kind) {
  static const Names none, if_parts{"then", "else"}, while_parts{"max", "steps"}, repeat_parts{"count", "steps"},
      group_parts{"name", "steps"};
  if (kind == "if") return if_parts;
  if (kind == "while") return while_parts;
  if (kind == "repeat") return repeat_parts;
  if (kind == "group") return group_parts;
  return none;
}

Names allowed_keys(const Kind& kind) {
  if (kind.method) return with(kind.key, request_keys);
  if (kind.key == "submit_form") return with(kind.key, submit_keys);
  if (kind.key == "fetch") return with(kind.key, {"name"});
  return with(kind.key, control_parts(kind.key));
}

std::string join_prefix(const std::vector<std::string>& prefix, const std::string& name) {
  std::string full;
  for (const auto& p : prefix) full += p + " > ";
  return full + name;
}

}  // namespace

Steps FlowParser::steps(const Field& f, std::string_view what) {
  Steps out;
  auto items = reader_.list(f, fmt::format("{}: a list of steps", what));
  if (!items) return out;
  if (items->empty()) reader_.problem(f, fmt::format("{} has no steps: expected at least one", what));
  for (const auto& i : *items)
    if (auto s = step(i)) out.push_back(std::move(*s));
  return out;
}

std::optional<std::string> FlowParser::explicit_name(const Fields& fields) {
  const Field* f = fields.find("name");
  if (!f) return std::nullopt;
  auto name = reader_.text(*f, "a step name");
  if (!name) return std::nullopt;
  if (name->empty() || name->find(" > ") != std::string::npos) {
    reader_.problem(*f, "a step name is not empty and has no ' > ' (that separates groups from steps in reports)");
    return std::nullopt;
  }
  return name;
}

std::optional<Step> FlowParser::step(const Field& item) {
  static const Names all_kinds = kind_names();
  if (!item.value.IsMap()) {
    reader_.problem(item, fmt::format("expected a step (a map such as {{get: /portal}}), got {}",
                                      Reader::describe(item.value)));
    return std::nullopt;
  }
  auto fields = reader_.map(item, "a step");
  if (!fields) return std::nullopt;

  const Kind* kind = nullptr;
  const Field* kind_field = nullptr;
  for (const auto& f : fields->all()) {
    auto k = std::find_if(kinds().begin(), kinds().end(), [&](const Kind& c) { return c.key == f.key; });
    if (k == kinds().end()) continue;
    if (kind) {
      reader_.problem_key(f, fmt::format("a step does one thing, and this one has '{}' and '{}': make them two steps",
                                         kind->key, f.key));
      return std::nullopt;
    }
    kind = &*k;
    kind_field = &f;
  }
  if (!kind) {
    for (const auto& f : fields->all())
      if (auto guess = closest(f.key, all_kinds)) {
        reader_.problem_key(f, fmt::format("unknown step kind '{}'; did you mean '{}'? (a step is one of: {})", f.key,
                                           *guess, join_names(all_kinds)));
        return std::nullopt;
      }
    std::vector<std::string_view> keys;
    for (const auto& f : fields->all()) keys.push_back(f.key);
    reader_.problem(item, fmt::format("expected a step: a map with one of {}; got {}", join_names(all_kinds),
                                      keys.empty() ? std::string("an empty map")
                                                   : fmt::format("the keys {}", join_names(keys))));
    return std::nullopt;
  }
  const Field kind_copy = *kind_field;  // `only` may move the fields around
  reader_.only(*fields, allowed_keys(*kind), fmt::format("{} {} step", kind->key == "if" ? "an" : "a", kind->key));

  Step step;
  step.where = reader_.where(item.value);
  auto store = [&step](auto parsed) -> std::optional<Step> {
    if (!parsed) return std::nullopt;
    step.what = std::move(*parsed);
    return std::move(step);
  };
  if (kind->method) return store(request(*fields, kind_copy, *kind->method, nullptr));
  if (kind->key == "submit_form") return store(submit_form(*fields, kind_copy));
  if (kind->key == "fetch") return store(fetch(*fields, kind_copy));
  if (kind->key == "group") return store(group(*fields, kind_copy));
  if (kind->key == "repeat") return store(repeat(*fields, kind_copy));
  if (kind->key == "while") return store(while_loop(*fields, kind_copy));
  if (kind->key == "if") return store(if_else(*fields, kind_copy));
  auto think = reader_.think(kind_copy);
  return store(think ? std::optional<ThinkStep>(ThinkStep{*think}) : std::nullopt);
}

std::optional<FetchStep> FlowParser::fetch(const Fields& fields, const Field& kind) {
  FetchStep out;
  if (auto name = explicit_name(fields)) out.name = *name;
  auto items = reader_.list(kind, "a list of requests sent in parallel");
  if (!items) return std::nullopt;
  if (items->empty()) reader_.problem(kind, "a fetch group has no requests: expected at least one");
  if (!out.name.empty()) prefix_.push_back(out.name);
  std::vector<Extraction> deferred;
  bool ok = true;
  for (const auto& i : *items) {
    auto request_fields = i.value.IsMap() ? reader_.map(i, "a request") : std::nullopt;
    if (!request_fields) {
      if (!i.value.IsMap())
        reader_.problem(i, fmt::format("expected a request (a map such as {{get: /api/timeline}}), got {}",
                                       Reader::describe(i.value)));
      ok = false;
      continue;
    }
    const Field* method_field = nullptr;
    std::optional<Method> method;
    for (const auto& f : request_fields->all())
      for (const auto& k : kinds())
        if (k.key == f.key) {
          if (!k.method) {
            reader_.problem_key(f, fmt::format("a fetch group holds requests only (get, post, put, delete, patch, "
                                               "head), not '{}'",
                                               f.key));
            ok = false;
          } else if (!method_field) {
            method_field = &f;
            method = k.method;
          }
        }
    if (!method_field) {
      if (ok) reader_.problem(i, "expected a request with one of get, post, put, delete, patch, head");
      ok = false;
      continue;
    }
    const Field method_copy = *method_field;
    reader_.only(*request_fields, with(method_copy.key, request_keys), fmt::format("a {} request", method_copy.key));
    if (auto r = request(*request_fields, method_copy, *method, &deferred))
      out.requests.push_back(std::move(*r));
    else
      ok = false;
  }
  if (!out.name.empty()) prefix_.pop_back();
  // The requests run in parallel: none sees what another extracts.
  define(deferred);
  if (!ok) return std::nullopt;
  return out;
}

std::optional<Fields> FlowParser::parts(const Fields& step_fields, const Field& kind, const Names& inner,
                                        std::string_view expected) {
  const Names& beside = control_parts(kind.key);
  Fields out;
  if (kind.value.IsMap()) {
    Names allowed = inner;
    allowed.insert(allowed.end(), beside.begin(), beside.end());
    auto in_map = reader_.map(kind, expected, allowed);
    if (!in_map) return std::nullopt;
    out = std::move(*in_map);
  }
  for (const auto& f : step_fields.all()) {
    if (f.key == kind.key || std::find(beside.begin(), beside.end(), f.key) == beside.end()) continue;
    if (const Field* first = out.find(f.key)) {
      reader_.problem_key(f, fmt::format("'{}' is given twice: in the {}'s map (line {}) and beside it", f.key,
                                         kind.key, reader_.where_key(*first).line));
      return std::nullopt;
    }
    out.all().push_back(f);
  }
  return out;
}

std::optional<GroupStep> FlowParser::group(const Fields& step_fields, const Field& kind) {
  // "group: NAME" names it; "group: {name, steps}" holds its parts.
  const bool named_by_value = kind.value.IsScalar();
  if (!named_by_value && !kind.value.IsMap() && !kind.value.IsNull()) {
    reader_.problem(kind, fmt::format("expected a group's name or its map {{name, steps}}, got {}",
                                      Reader::describe(kind.value)));
    return std::nullopt;
  }
  auto fields = parts(step_fields, kind, {}, "a group: {name, steps}");
  if (!fields) return std::nullopt;
  GroupStep out;
  if (named_by_value) {
    if (fields->find("name")) {
      reader_.problem_key(*fields->find("name"), "the group is already named by 'group: NAME'");
      return std::nullopt;
    }
    Fields named;
    named.all().push_back(Field{"name", kind.key_node, kind.value});
    if (auto name = explicit_name(named)) out.name = *name;
  } else if (auto name = explicit_name(*fields)) {
    out.name = *name;
  }
  const Field* steps_field = fields->find("steps");
  if (!steps_field) {
    reader_.missing(kind, "steps", "a group");
    return std::nullopt;
  }
  if (!out.name.empty()) prefix_.push_back(out.name);
  out.steps = steps(*steps_field, "a group");
  if (!out.name.empty()) prefix_.pop_back();
  return out;
}

std::optional<RepeatStep> FlowParser::repeat(const Fields& step_fields, const Field& kind) {
  // "repeat: 3" (or a template) is the count; "repeat: {count, steps}" holds the parts.
  auto fields = parts(step_fields, kind, {}, "a repeat: {count, steps}");
  if (!fields) return std::nullopt;
  RepeatStep out;
  const Field* count = kind.value.IsMap() ? fields->find("count") : &kind;
  if (!kind.value.IsMap() && fields->find("count")) {
    reader_.problem_key(*fields->find("count"), "the count is already given by 'repeat: N'");
    return std::nullopt;
  }
  const Field* steps_field = fields->find("steps");
  if (!count) reader_.missing(kind, "count", "a repeat");
  if (!steps_field) reader_.missing(kind, "steps", "a repeat");
  if (!count || !steps_field) return std::nullopt;
  static constexpr std::string_view expected = "a count: an integer from 0 or a template such as ${count}";
  bool ok = true;
  if (count->value.IsScalar() && count->value.Scalar().find("${") == std::string::npos) {
    // A literal count is checked now; a template must render to an integer at run time.
    auto n = reader_.integer(*count, expected, 0, 1'000'000);
    ok = n.has_value();
    if (n) out.count = Template::literal(std::to_string(*n));
  } else if (auto t = compiler_.compile(*count, &scope_, expected)) {
    out.count = std::move(*t);
  } else {
    ok = false;
  }
  // What the body extracts counts as defined after it, though the count may be 0.
  out.steps = steps(*steps_field, "a repeat");
  if (!ok) return std::nullopt;
  return out;
}

std::optional<WhileStep> FlowParser::while_loop(const Fields& step_fields, const Field& kind) {
  auto fields = parts(step_fields, kind, condition_keys, "a while: {<condition>, max, steps}");
  if (!fields) return std::nullopt;
  WhileStep out;
  auto c = condition(kind, *fields, "a while");
  if (const Field* max = fields->find("max")) {
    if (auto n = reader_.integer(*max, "a maximum number of iterations, from 1", 1, 1'000'000))
      out.max_iterations = static_cast<unsigned>(*n);
  }
  const Field* steps_field = fields->find("steps");
  if (!steps_field) {
    reader_.missing(kind, "steps", "a while");
    return std::nullopt;
  }
  out.steps = steps(*steps_field, "a while");
  if (!c) return std::nullopt;
  out.condition = std::move(*c);
  return out;
}

std::optional<IfStep> FlowParser::if_else(const Fields& step_fields, const Field& kind) {
  auto fields = parts(step_fields, kind, condition_keys, "an if: {<condition>, then, else}");
  if (!fields) return std::nullopt;
  IfStep out;
  auto c = condition(kind, *fields, "an if");
  const Field* then_field = fields->find("then");
  if (!then_field) {
    reader_.missing(kind, "then", "an if");
    return std::nullopt;
  }
  // Each branch starts from what is defined before the if; afterwards,
  // what either defines may be defined.
  const auto before = scope_.state();
  out.then_steps = steps(*then_field, "the then branch");
  auto after_then = scope_.state();
  if (const Field* else_field = fields->find("else")) {
    scope_.restore(before);
    out.else_steps = steps(*else_field, "the else branch");
  }
  scope_.merge(after_then);
  if (!c) return std::nullopt;
  out.condition = std::move(*c);
  return out;
}

std::optional<Condition> FlowParser::condition(const Field& owner, const Fields& fields, std::string_view in) {
  const Field* found = nullptr;
  for (const auto& f : fields.all()) {
    if (std::find(condition_keys.begin(), condition_keys.end(), f.key) == condition_keys.end()) continue;
    if (found) {
      reader_.problem_key(f, fmt::format("{} has one condition, and this one has '{}' and '{}'", in, found->key, f.key));
      return std::nullopt;
    }
    found = &f;
  }
  if (!found) {
    reader_.problem(owner, fmt::format("{} needs a condition: one of {}", in, join_names(condition_keys)));
    return std::nullopt;
  }
  Condition c;
  const std::string& key = found->key;
  std::optional<std::string> variable;
  if (key == "defined" || key == "undefined") {
    c.kind = key == "defined" ? Condition::Kind::defined : Condition::Kind::undefined;
    variable = compiler_.variable_name(*found);
    if (!variable) return std::nullopt;
    scope_.tested(*variable, reader_.where(*found));
  } else {
    c.kind = key == "equals" ? Condition::Kind::equals
             : key == "not_equals" ? Condition::Kind::not_equals
                                   : Condition::Kind::matches;
    const std::string expected = key == "matches" ? "[variable, regex]" : "[variable, value]";
    auto items = reader_.list(*found, expected);
    if (!items) return std::nullopt;
    if (items->size() != 2) {
      reader_.problem(*found, fmt::format("expected {}, got a list of {}", expected, items->size()));
      return std::nullopt;
    }
    variable = compiler_.variable_name((*items)[0]);
    if (variable) scope_.tested(*variable, reader_.where((*items)[0]));
    if (key == "matches") {
      c.regex = compiler_.regex((*items)[1]);
      if (!c.regex) return std::nullopt;
    } else if (auto value = compiler_.compile((*items)[1], &scope_, "a value")) {
      c.value = std::move(*value);
    } else {
      return std::nullopt;
    }
    if (!variable) return std::nullopt;
  }
  c.variable_name = *variable;
  c.variable = compiler_.symbols().intern(*variable);
  return c;
}

void FlowParser::name_step(const Fields& fields, std::string& out) {
  const auto name = explicit_name(fields);
  if (!name) return;
  out = *name;
  const std::string full = join_prefix(prefix_, *name);
  const Location at = reader_.where(*fields.find("name"));
  for (const auto& [other, first] : names_)
    if (other == full) {
      reader_.problem(at, fmt::format("duplicate step name '{}' in persona '{}' (first at line {}): each name is one "
                                      "line of the report",
                                      full, scope_.persona(), first.line));
      return;
    }
  names_.emplace_back(full, at);
}

void FlowParser::define(const std::vector<Extraction>& extract) {
  for (const auto& x : extract) scope_.define(x.variable_name);
}

}  // namespace rollcall::scenario
