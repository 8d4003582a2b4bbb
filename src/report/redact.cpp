#include "report/redact.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "common/secret_names.hpp"

namespace rollcall::report {

namespace json = boost::json;

namespace {

// "Authorization: Bearer x" -> "Authorization: ***"
std::optional<std::string> redact_header_line(std::string_view s) {
  const auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const auto name = s.substr(0, colon);
  if (name.find_first_of(" \t/") != std::string_view::npos || !is_secret_name(name)) return std::nullopt;
  return std::string(name) + ": " + std::string(redacted_text);
}

json::value redact_value(const json::value& v);

// Feeder columns named like secrets: the values at those positions go.
void redact_columns(json::object& o) {
  const auto* columns = o.if_contains("columns");
  if (!columns || !columns->is_array()) return;
  std::vector<std::size_t> secret;
  const auto& names = columns->get_array();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i].is_string() && is_secret_name(names[i].get_string())) secret.push_back(i);
  for (const char* key : {"rows", "sample"}) {
    auto* rows = o.if_contains(key);
    if (!rows || !rows->is_array()) continue;
    for (auto& row : rows->get_array()) {
      if (row.is_array()) {
        for (auto i : secret)
          if (i < row.get_array().size()) row.get_array()[i] = redacted_text;
      }
    }
  }
}

json::value redact_value(const json::value& v) {
  if (v.is_object()) {
    json::object out;
    const auto& in = v.get_object();
    // {"name": "Cookie", "value": "..."}: the name says the value is secret.
    bool secret_pair = false;
    if (const auto* name = in.if_contains("name"); name && name->is_string() && in.contains("value"))
      secret_pair = is_secret_name(name->get_string());
    for (const auto& kv : in) {
      if (is_secret_name(kv.key()) || (secret_pair && kv.key() == "value")) {
        // true/false/null say whether a secret is set, not what it is: kept.
        const bool telling = kv.value().is_bool() || kv.value().is_null();
        out[kv.key()] = telling ? kv.value() : json::value(redacted_text);
      } else {
        out[kv.key()] = redact_value(kv.value());
      }
    }
    redact_columns(out);
    return out;
  }
  if (v.is_array()) {
    json::array out;
    for (const auto& e : v.get_array()) out.push_back(redact_value(e));
    return out;
  }
  if (v.is_string()) {
    if (auto line = redact_header_line(v.get_string())) return json::value(*line);
  }
  return v;
}

}  // namespace

bool is_secret_name(std::string_view name) { return looks_secret(name); }

json::value redact(const json::value& config) { return redact_value(config); }

}  // namespace rollcall::report
