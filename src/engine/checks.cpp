#include "engine/checks.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>
#include <re2/re2.h>

#include "engine/virtual_user.hpp"
#include "http/html_selector.hpp"

namespace rollcall::engine {

namespace {

// A JSON value as text for comparison: strings without their quotes.
std::string json_text(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  return boost::json::serialize(v);
}

const boost::json::value* find_pointer(const boost::json::value& doc, const std::string& pointer) {
  boost::system::error_code ec;
  const boost::json::value* v = doc.find_pointer(pointer, ec);
  return ec ? nullptr : v;
}

std::optional<std::string> regex_value(const re2::RE2& re, const std::string& body) {
  const int groups = re.NumberOfCapturingGroups();
  re2::StringPiece match[2];
  if (!re.Match(body, 0, body.size(), re2::RE2::UNANCHORED, match, groups > 0 ? 2 : 1)) return std::nullopt;
  const auto& m = match[groups > 0 ? 1 : 0];
  return std::string(m.data() ? m.data() : "", m.size());
}

}  // namespace

CheckResult check_response(const scenario::Expect& expect, ParsedPage& page, const scenario::RenderContext& context) {
  const http::ResponseData& response = page.response();
  const unsigned status = response.status;
  if (expect.status.empty()) {
    if (status >= 400) return {Outcome::http_error, fmt::format("status {}", status)};
  } else if (std::find(expect.status.begin(), expect.status.end(), status) == expect.status.end()) {
    return {status >= 400 ? Outcome::http_error : Outcome::expectation_failed, fmt::format("status {}", status)};
  }
  for (const auto& t : expect.contains) {
    std::string text;
    scenario::VariableId missing = 0;
    if (!t.render(context, text, missing)) return {Outcome::missing_variable, "expect.contains reads an unset variable"};
    if (response.body.find(text) == std::string::npos)
      return {Outcome::expectation_failed, fmt::format("body does not contain '{}'", t.source()), std::move(text)};
  }
  for (const auto& re : expect.matches)
    if (!re2::RE2::PartialMatch(response.body, *re))
      return {Outcome::expectation_failed, fmt::format("body does not match /{}/", re->pattern())};
  if (!expect.json.empty()) {
    const boost::json::value* doc = page.json();
    if (!doc) return {Outcome::expectation_failed, "body is not JSON"};
    for (const auto& j : expect.json) {
      const auto* v = find_pointer(*doc, j.pointer);
      if (!v) return {Outcome::expectation_failed, fmt::format("JSON has no {}", j.pointer)};
      std::string wanted;
      scenario::VariableId missing = 0;
      if (!j.equals.render(context, wanted, missing)) return {Outcome::missing_variable, "expect.json reads an unset variable"};
      if (json_text(*v) != wanted)
        return {Outcome::expectation_failed, fmt::format("JSON {} is not '{}'", j.pointer, j.equals.source())};
    }
  }
  return {};
}

std::optional<std::string> extract_values(const std::vector<scenario::Extraction>& extract, ParsedPage& page,
                                          VirtualUser& user) {
  using Source = scenario::Extraction::Source;
  const http::ResponseData& response = page.response();
  for (const auto& x : extract) {
    std::optional<std::string> value;
    switch (x.source) {
      case Source::regex: value = regex_value(*x.regex, response.body); break;
      case Source::form_field: {
        if (const auto* form = http::select_form(page.forms(), x.form_selector))
          for (const auto& [name, v] : form->fields)
            if (name == x.field) {
              value = v;
              break;
            }
        break;
      }
      case Source::attribute: value = http::find_attribute(page.html(), x.selector, x.attribute); break;
      case Source::json_pointer: {
        if (const boost::json::value* doc = page.json())
          if (const auto* v = find_pointer(*doc, x.key)) value = json_text(*v);
        break;
      }
      case Source::header:
        if (auto h = response.header(x.key)) value = std::string(*h);
        break;
      case Source::cookie:
        if (auto c = user.cookies.find(x.key)) value = std::string(*c);
        break;
    }
    if (value) {
      user.variables.set(x.variable, std::move(*value));
    } else if (!x.optional) {
      return fmt::format("could not extract {}", x.variable_name);
    }
  }
  return std::nullopt;
}

}  // namespace rollcall::engine
