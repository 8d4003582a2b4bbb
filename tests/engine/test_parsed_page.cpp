// A page is parsed at most once, whatever reads it: counted at gumbo's
// entry point, which the linker sends through a wrapper for this binary
// (--wrap in tests/CMakeLists.txt), without a counter in rollcall itself.
#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <gumbo.h>

#include "engine/checks.hpp"
#include "engine/parsed_page.hpp"
#include "engine/virtual_user.hpp"

using namespace rollcall;

namespace {
std::size_t gumbo_parses = 0;
}  // namespace

extern "C" {
GumboOutput* __real_gumbo_parse_with_options(const GumboOptions* options, const char* buffer, size_t length);

GumboOutput* __wrap_gumbo_parse_with_options(const GumboOptions* options, const char* buffer, size_t length) {
  ++gumbo_parses;
  return __real_gumbo_parse_with_options(options, buffer, length);
}
}

namespace {

const char* const kLoginPage = R"(<!DOCTYPE html><html><head><title>Connexion</title>
<meta name="csrf-token" content="c5rf"></head><body>
<form id="fm1" method="post" action="/cas/login">
<input id="username" name="username" autocomplete="username">
<input type="password" name="password">
<input type="hidden" name="lt" value="LT-7">
<input type="hidden" name="execution" value="e1s1">
<input type="hidden" name="_eventId" value="submit">
<button type="submit" name="submit" value="go">Se connecter</button>
</form></body></html>)";

scenario::Extraction from_form(scenario::VariableId id, const char* field) {
  scenario::Extraction x;
  x.source = scenario::Extraction::Source::form_field;
  x.variable = id;
  x.variable_name = field;
  x.form_selector = "#fm1";
  x.field = field;
  return x;
}

scenario::Extraction from_attribute(scenario::VariableId id, const char* selector, const char* attribute) {
  scenario::Extraction x;
  x.source = scenario::Extraction::Source::attribute;
  x.variable = id;
  x.variable_name = attribute;
  x.selector = *http::HtmlSelector::parse(selector);
  x.attribute = attribute;
  return x;
}

http::ResponseData answer(std::string body) {
  http::ResponseData r;
  r.status = 200;
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST_CASE("a page is parsed once for its checks, its extractions and the next submit_form") {
  engine::VirtualUser user{1, 0, 8, 42};
  scenario::RenderContext context{user.variables, user.rng};
  scenario::SymbolTable symbols;
  scenario::Expect expect;
  expect.contains.push_back(scenario::Template::compile("Connexion", symbols));
  expect.matches.push_back(std::make_shared<re2::RE2>("name=\"execution\""));
  const std::vector<scenario::Extraction> extract{
      from_form(1, "execution"), from_form(2, "lt"), from_attribute(3, "meta[name=csrf-token]", "content"),
      from_attribute(4, "input#username", "autocomplete"), from_attribute(5, "form", "action")};

  http::ResponseData page = answer(kLoginPage);
  const std::size_t before = gumbo_parses;
  {
    // The step that fetched the page: its checks, then its extractions.
    engine::ParsedPage parsed(page);
    CHECK(engine::check_response(expect, parsed, context).outcome == engine::Outcome::success);
    CHECK_FALSE(engine::extract_values(extract, parsed, user));
  }
  CHECK(user.variables.get(1) == "e1s1");
  CHECK(user.variables.get(2) == "LT-7");
  CHECK(user.variables.get(3) == "c5rf");
  CHECK(user.variables.get(4) == "username");
  CHECK(user.variables.get(5) == "/cas/login");
  CHECK(gumbo_parses - before == 1);

  // The next step, a submit_form on that page, finds the forms read already.
  const std::vector<http::HtmlForm> forms = engine::ParsedPage(page).take_forms();
  const http::HtmlForm* form = http::select_form(forms, "#fm1");
  REQUIRE(form);
  CHECK(form->fields.size() == 6);  // username, password, lt, execution, _eventId, and the button clicked
  CHECK(gumbo_parses - before == 1);

  // A new answer in the same response brings its own forms, parsed once.
  page.clear();
  page.body = R"(<form name="next"><input type="hidden" name="SAMLResponse" value="PHNhbWw+"></form>)";
  const std::vector<http::HtmlForm> next = engine::ParsedPage(page).take_forms();
  REQUIRE(next.size() == 1);
  CHECK(next[0].name == "next");
  CHECK(gumbo_parses - before == 2);
}

TEST_CASE("a page nobody reads as HTML is not parsed") {
  engine::VirtualUser user{1, 0, 4, 42};
  scenario::RenderContext context{user.variables, user.rng};
  scenario::Expect expect;
  scenario::JsonExpectation ok;
  ok.pointer = "/ok";
  ok.equals = scenario::Template::literal("true");
  expect.json.push_back(ok);
  scenario::Extraction id;
  id.source = scenario::Extraction::Source::json_pointer;
  id.variable = 1;
  id.variable_name = "id";
  id.key = "/id";

  http::ResponseData page = answer(R"({"ok":true,"id":"u-9"})");
  const std::size_t before = gumbo_parses;
  engine::ParsedPage parsed(page);
  CHECK(engine::check_response(expect, parsed, context).outcome == engine::Outcome::success);
  const boost::json::value* json = parsed.json();
  CHECK_FALSE(engine::extract_values({id}, parsed, user));
  CHECK(user.variables.get(1) == "u-9");
  CHECK(parsed.json() == json);  // the same document: parsed once for the check and the extraction
  CHECK(gumbo_parses == before);
}
