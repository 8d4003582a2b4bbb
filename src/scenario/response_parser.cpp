// What a step checks in an answer (expect) and takes from it (extract).
#include <fmt/format.h>

#include "scenario/flow_parser.hpp"
#include "scenario/suggest.hpp"

namespace rollcall::scenario {

Expect FlowParser::expect(const Fields& fields) {
  Expect out;
  const Field* f = fields.find("expect");
  if (!f) return out;
  out.where = reader_.where(*f);
  auto spec = reader_.map(*f, "expectations: {status, contains, matches, json}", {"status", "contains", "matches", "json"});
  if (!spec) return out;
  if (const Field* s = spec->find("status"))
    for (const auto& i : reader_.one_or_more(*s, "a status code"))
      if (auto code = reader_.integer(i, "a status code from 100 to 599", 100, 599))
        out.status.push_back(static_cast<unsigned>(*code));
  if (const Field* c = spec->find("contains"))
    for (const auto& i : reader_.one_or_more(*c, "a text"))
      if (auto t = compiler_.compile(i, &scope_)) out.contains.push_back(std::move(*t));
  if (const Field* m = spec->find("matches"))
    for (const auto& i : reader_.one_or_more(*m, "a regular expression"))
      if (auto re = compiler_.regex(i)) out.matches.push_back(std::move(re));
  if (const Field* j = spec->find("json")) {
    auto pointers = reader_.map(*j, "a map of JSON pointers to expected values");
    if (pointers)
      for (const auto& entry : pointers->all()) {
        Field pointer = item(entry.key_node);
        auto p = compiler_.json_pointer(pointer);
        if (!p) continue;
        // Compared with the value as text: strings without quotes, the rest
        // as JSON writes them, so YAML's null and booleans are normalized.
        if (!entry.value.IsDefined() || entry.value.IsNull()) {
          out.json.push_back({*p, Template::literal("null")});
          continue;
        }
        if (entry.value.IsScalar()) {
          const auto type = plain_type(entry.value);
          if (type == PlainType::null) {
            out.json.push_back({*p, Template::literal("null")});
            continue;
          }
          if (type == PlainType::boolean) {
            const char c = entry.value.Scalar()[0];
            out.json.push_back({*p, Template::literal(c == 't' || c == 'T' ? "true" : "false")});
            continue;
          }
        }
        if (auto t = compiler_.compile(entry, &scope_, "a value (a text, number or boolean)"))
          out.json.push_back({*p, std::move(*t)});
      }
  }
  return out;
}

std::vector<Extraction> FlowParser::extract(const Fields& fields) {
  std::vector<Extraction> out;
  const Field* f = fields.find("extract");
  if (!f) return out;
  auto entries = reader_.map(*f, "a map of variable names to what to extract");
  if (!entries) return out;
  for (const auto& entry : entries->all())
    if (auto x = extraction(entry)) out.push_back(std::move(*x));
  return out;
}

std::optional<Extraction> FlowParser::extraction(const Field& entry) {
  static const Names sources = {"regex", "form", "html", "json", "header", "cookie"};
  auto name = compiler_.variable_key(entry);
  if (!name) return std::nullopt;
  const auto& builtins = Scope::builtins();
  if (std::find(builtins.begin(), builtins.end(), *name) != builtins.end()) {
    reader_.problem_key(entry, fmt::format("'{}' is a builtin variable: extract into another name", *name));
    return std::nullopt;
  }
  auto spec = reader_.map(entry, "an extraction: one of {regex}, {form, field}, {html, attribute}, {json}, {header}, {cookie}",
                          {"regex", "form", "field", "html", "attribute", "json", "header", "cookie", "secret", "optional"});
  if (!spec) return std::nullopt;
  Extraction x;
  x.variable_name = *name;
  x.variable = compiler_.symbols().intern(*name);
  x.where = reader_.where_key(entry);
  const Field* source = one_of(*spec, sources, "an extraction has one source");
  if (source == &conflict) return std::nullopt;
  if (!source) {
    reader_.problem(entry, fmt::format("extracting '{}' needs a source: one of {}", *name, join_names(sources)));
    return std::nullopt;
  }
  const Field* field = spec->find("field");
  const Field* attribute = spec->find("attribute");
  if (field && source->key != "form") {
    reader_.problem_key(*field, "'field' goes with 'form' (a form's field)");
    return std::nullopt;
  }
  if (attribute && source->key != "html") {
    reader_.problem_key(*attribute, "'attribute' goes with 'html' (an element's attribute)");
    return std::nullopt;
  }
  bool ok = true;
  if (source->key == "regex") {
    x.source = Extraction::Source::regex;
    x.regex = compiler_.regex(*source);
    ok = x.regex != nullptr;
  } else if (source->key == "form") {
    x.source = Extraction::Source::form_field;
    if (!source->value.IsNull()) {
      if (auto sel = reader_.text(*source, "a form: #id, name, or index from 0"))
        x.form_selector = *sel;
      else
        ok = false;
    }
    if (!field) {
      reader_.missing(entry, "field", "a form extraction (the name of the form's field)");
      ok = false;
    } else if (auto name_text = reader_.text(*field, "a field name")) {
      x.field = *name_text;
    } else {
      ok = false;
    }
  } else if (source->key == "html") {
    x.source = Extraction::Source::attribute;
    auto sel = compiler_.selector(*source, "a selector such as input[name=execution]");
    if (sel) x.selector = std::move(*sel);
    ok = sel.has_value();
    if (!attribute) {
      reader_.missing(entry, "attribute", "an html extraction (the attribute to read, such as value or href)");
      ok = false;
    } else if (auto a = reader_.text(*attribute, "an attribute name")) {
      x.attribute = *a;
    } else {
      ok = false;
    }
  } else if (source->key == "json") {
    x.source = Extraction::Source::json_pointer;
    auto p = compiler_.json_pointer(*source);
    if (p) x.key = *p;
    ok = p.has_value();
  } else {
    x.source = source->key == "header" ? Extraction::Source::header : Extraction::Source::cookie;
    auto k = reader_.text(*source, source->key == "header" ? "a header name" : "a cookie name");
    if (k && k->empty()) reader_.problem(*source, fmt::format("expected a {} name, got nothing", source->key));
    if (k) x.key = *k;
    ok = k.has_value() && !k->empty();
  }
  if (const Field* s = spec->find("secret")) {
    auto b = reader_.boolean(*s);
    x.secret = b.value_or(false);
    ok = ok && b.has_value();
  }
  if (const Field* o = spec->find("optional")) {
    auto b = reader_.boolean(*o);
    x.optional = b.value_or(false);
    ok = ok && b.has_value();
  }
  if (x.secret) context_.secret_names.insert(x.variable_name);
  scope_.extracted(x.variable_name, x.where);
  if (!ok) return std::nullopt;
  return x;
}

}  // namespace rollcall::scenario
