// JSON bodies: the YAML under `json:` is serialized once, at load time, into
// the text of one template. String scalars become JSON strings whose literal
// text is escaped now and whose ${...} values are escaped when rendered
// (through json_escape), so a value with a quote cannot break the body.
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "scenario/compiler.hpp"
#include "scenario/template_syntax.hpp"

namespace rollcall::scenario {

namespace {

void append_json_literal(std::string_view text, std::string& out) {
  // Literal text of the template, escaped for JSON; "$" doubled so that the
  // template compiler reads it back as text.
  std::size_t from = 0;
  for (auto at = text.find('$'); at != std::string_view::npos; at = text.find('$', from)) {
    syntax::append_json_escaped(text.substr(from, at - from), out);
    out += "$$";
    from = at + 1;
  }
  syntax::append_json_escaped(text.substr(from), out);
}

// A plain number as JSON writes it: "+5" and ".5" are YAML, not JSON.
std::string json_number(const std::string& s, PlainType type) {
  const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
  if (type == PlainType::integer) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
    if (ec == std::errc{} && end == s.data() + s.size()) return std::to_string(v);
  }
  double d = 0;
  std::from_chars(begin, s.data() + s.size(), d);
  return std::isfinite(d) ? fmt::format("{}", d) : "null";
}

}  // namespace

// Walks aliases as the values they name: the loader has refused the files
// whose aliases would make this deep, long or endless (yaml_shape.hpp).
bool Compiler::json_value(const Field& f, Scope* scope, std::string& out) {
  const YAML::Node& v = f.value;
  if (!v.IsDefined() || v.IsNull()) {
    out += "null";
    return true;
  }
  if (v.IsSequence()) {
    out += '[';
    bool ok = true, first = true;
    for (const auto& n : v) {
      if (!first) out += ',';
      first = false;
      ok = json_value(item(n), scope, out) && ok;
    }
    out += ']';
    return ok;
  }
  if (v.IsMap()) {
    auto fields = reader_.map(f, "a JSON object");
    if (!fields) return false;
    out += '{';
    bool ok = true, first = true;
    for (const auto& entry : fields->all()) {
      if (!first) out += ',';
      first = false;
      out += '"';
      append_json_literal(entry.key, out);
      out += "\":";
      ok = json_value(entry, scope, out) && ok;
    }
    out += '}';
    return ok;
  }
  const PlainType type = plain_type(v);
  const std::string& s = v.Scalar();
  switch (type) {
    case PlainType::null: out += "null"; return true;
    case PlainType::boolean: out += (s[0] == 't' || s[0] == 'T') ? "true" : "false"; return true;
    case PlainType::integer:
    case PlainType::floating: out += json_number(s, type); return true;
    case PlainType::string: break;
  }
  auto pieces = check(f, s, scope);
  if (!pieces) return false;
  out += '"';
  for (const auto& p : *pieces) {
    if (p.is_text) {
      append_json_literal(p.text, out);
    } else {
      out += "${json_escape(";
      out += std::string_view(s).substr(p.offset + 2, p.length - 3);  // the expression inside "${" and "}"
      out += ")}";
    }
  }
  out += '"';
  return true;
}

std::optional<Template> Compiler::json(const Field& f, Scope* scope) {
  std::string text;
  if (!json_value(f, scope, text)) return std::nullopt;
  try {
    return Template::compile(text, symbols_);
  } catch (const TemplateError& e) {
    // Every piece was checked on its own: this would be a bug here.
    reader_.problem(f, fmt::format("internal error building the JSON body: {}", e.message));
    return std::nullopt;
  }
}

}  // namespace rollcall::scenario
