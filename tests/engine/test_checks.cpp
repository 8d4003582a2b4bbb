#include <catch2/catch.hpp>
#include <re2/re2.h>

#include "engine/checks.hpp"
#include "engine/virtual_user.hpp"

using namespace rollcall;
using engine::Outcome;

namespace {

http::ResponseData response(unsigned status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  http::ResponseData r;
  r.status = status;
  r.body = std::move(body);
  for (const auto& [n, v] : headers) {
    http::ResponseData::Field f{static_cast<std::uint32_t>(r.header_bytes.size()), static_cast<std::uint32_t>(n.size()), 0,
                                static_cast<std::uint32_t>(v.size())};
    r.header_bytes += n;
    f.value_offset = static_cast<std::uint32_t>(r.header_bytes.size());
    r.header_bytes += v;
    r.fields.push_back(f);
  }
  return r;
}

// The checks of a step on one answer, as the journey runs them.
engine::CheckResult check(const scenario::Expect& expect, http::ResponseData response, const scenario::RenderContext& context) {
  engine::ParsedPage page(response);
  return engine::check_response(expect, page, context);
}

std::optional<std::string> extract(const std::vector<scenario::Extraction>& xs, http::ResponseData response,
                                   engine::VirtualUser& user) {
  engine::ParsedPage page(response);
  return engine::extract_values(xs, page, user);
}

struct Fixture {
  scenario::SymbolTable symbols;
  engine::VirtualUser user{1, 0, 16, 42};
  scenario::RenderContext context{user.variables, user.rng};
};

}  // namespace

TEST_CASE("expected statuses: listed ones pass, errors stay errors") {
  Fixture f;
  scenario::Expect none;
  CHECK(check(none, response(200, ""), f.context).outcome == Outcome::success);
  CHECK(check(none, response(302, ""), f.context).outcome == Outcome::success);
  CHECK(check(none, response(503, ""), f.context).outcome == Outcome::http_error);

  scenario::Expect created;
  created.status = {201};
  CHECK(check(created, response(201, ""), f.context).outcome == Outcome::success);
  CHECK(check(created, response(200, ""), f.context).outcome == Outcome::expectation_failed);
  CHECK(check(created, response(404, ""), f.context).outcome == Outcome::http_error);
  CHECK(check(created, response(200, ""), f.context).message == "status 200");
}

TEST_CASE("body expectations: contains, matches, JSON values") {
  Fixture f;
  scenario::Expect e;
  e.contains.push_back(scenario::Template::compile("Bonjour ${name}", f.symbols));
  e.matches.push_back(std::make_shared<re2::RE2>("portal-[0-9]+"));
  scenario::JsonExpectation page;
  page.pointer = "/page";
  page.equals = scenario::Template::literal("1");
  e.json.push_back(page);
  f.user.variables.resize(f.symbols.size());
  f.user.variables.set(*f.symbols.find("name"), "Chloé");

  const std::string good = R"({"page":1,"text":"Bonjour Chloé","id":"portal-12"})";
  CHECK(check(e, response(200, good), f.context).outcome == Outcome::success);
  auto wrong_name = check(e, response(200, R"({"page":1,"text":"Bonjour Alice portal-1"})"), f.context);
  CHECK(wrong_name.outcome == Outcome::expectation_failed);
  CHECK(wrong_name.message.find("does not contain") != std::string::npos);
  CHECK(check(e, response(200, R"({"page":2,"text":"Bonjour Chloé portal-1"})"), f.context).outcome ==
        Outcome::expectation_failed);
  CHECK(check(e, response(200, "Bonjour Chloé portal-1 but not JSON"), f.context).message ==
        "body is not JSON");
}

TEST_CASE("extraction from every source, and what is missing") {
  Fixture f;
  f.user.variables.resize(8);
  auto extraction = [](scenario::Extraction::Source source, scenario::VariableId id, const char* name) {
    scenario::Extraction x;
    x.source = source;
    x.variable = id;
    x.variable_name = name;
    return x;
  };
  using Source = scenario::Extraction::Source;
  std::vector<scenario::Extraction> xs;
  auto regex = extraction(Source::regex, 3, "ticket");
  regex.regex = std::make_shared<re2::RE2>("ticket=(ST-[0-9]+)");
  xs.push_back(regex);
  auto form = extraction(Source::form_field, 4, "execution");
  form.form_selector = "#fm1";
  form.field = "execution";
  xs.push_back(form);
  auto json = extraction(Source::json_pointer, 5, "first");
  json.key = "/items/0/id";
  auto header = extraction(Source::header, 6, "location");
  header.key = "location";
  xs.push_back(header);
  auto attr = extraction(Source::attribute, 7, "refresh");
  attr.selector = *http::HtmlSelector::parse("meta[http-equiv=refresh]");
  attr.attribute = "content";
  xs.push_back(attr);

  const std::string page =
      R"(<html><head><meta http-equiv="refresh" content="30"></head><body>ticket=ST-42
<form id="fm1" method="post"><input type="hidden" name="execution" value="e1s1"><input name="username"></form></body></html>)";
  auto r = response(200, page, {{"Location", "/portal"}});
  CHECK_FALSE(extract(xs, r, f.user));
  CHECK(f.user.variables.get(3) == "ST-42");
  CHECK(f.user.variables.get(4) == "e1s1");
  CHECK(f.user.variables.get(6) == "/portal");
  CHECK(f.user.variables.get(7) == "30");

  std::vector<scenario::Extraction> from_json{json};
  CHECK_FALSE(extract(from_json, response(200, R"({"items":[{"id":7},{"id":8}]})"), f.user));
  CHECK(f.user.variables.get(5) == "7");

  auto problem = extract(from_json, response(200, R"({"items":[]})"), f.user);
  REQUIRE(problem);
  CHECK(*problem == "could not extract first");
  from_json[0].optional = true;
  CHECK_FALSE(extract(from_json, response(200, "not json"), f.user));
}

TEST_CASE("a hostile body cannot hang or crash a regex") {
  Fixture f;
  f.user.variables.resize(4);
  scenario::Extraction x;
  x.source = scenario::Extraction::Source::regex;
  x.variable = 3;
  x.variable_name = "v";
  x.regex = std::make_shared<re2::RE2>("(a+)+b");  // catastrophic for a backtracking engine
  x.optional = true;
  std::vector<scenario::Extraction> xs{x};
  CHECK_FALSE(extract(xs, response(200, std::string(100000, 'a')), f.user));
  CHECK_FALSE(f.user.variables.is_set(3));
}
