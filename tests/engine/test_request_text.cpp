#include <catch2/catch.hpp>

#include "engine/request_text.hpp"

using namespace rollcall;

namespace {

struct Fixture {
  scenario::Scenario scenario;
  scenario::Variables variables{8};
  rollcall::UserRng rng{1};
  scenario::RenderContext context{variables, rng};
  http::CookieJar cookies;

  Fixture() {
    scenario.target_url = "http://ent.example.fr:8080/";
    scenario.target = http::parse_target(scenario.target_url);
    scenario.defaults.headers.push_back({"User-Agent", scenario::Template::literal("Firefox")});
    scenario.defaults.headers.push_back({"Accept-Language", scenario::Template::literal("fr-FR")});
  }
};

}  // namespace

TEST_CASE("a request step renders against the target, with query and headers") {
  Fixture f;
  scenario::RequestStep step;
  step.method = scenario::Method::get;
  step.url = scenario::Template::compile("/api/messages", f.scenario.symbols);
  step.query.push_back({"page", scenario::Template::literal("2 & 3")});
  step.headers.push_back({"accept-language", scenario::Template::literal("en")});
  engine::RequestText text(f.scenario, f.context);
  REQUIRE(text.build(step));
  CHECK(text.url == "http://ent.example.fr:8080/api/messages?page=2+%26+3");
  text.finish(f.cookies);
  CHECK(text.bytes.rfind("GET /api/messages?page=2+%26+3 HTTP/1.1\r\nHost: ent.example.fr:8080\r\n", 0) == 0);
  CHECK(text.bytes.find("User-Agent: Firefox\r\n") != std::string::npos);
  CHECK(text.bytes.find("Accept-Language: en\r\n") != std::string::npos);  // the step's value replaces the default's
  CHECK(text.bytes.find("fr-FR") == std::string::npos);
}

TEST_CASE("cookies of the jar go with the request they match") {
  Fixture f;
  const auto now = std::chrono::system_clock::now();
  f.cookies.store({false, "ent.example.fr", "/cas/login"}, "JSESSIONID=abc; Path=/cas", now);
  f.cookies.store({false, "ent.example.fr", "/"}, "ENTSESSION=xyz; Path=/", now);
  scenario::RequestStep step;
  step.url = scenario::Template::literal("/cas/login");
  engine::RequestText text(f.scenario, f.context);
  REQUIRE(text.build(step));
  text.finish(f.cookies);
  CHECK(text.bytes.find("Cookie: JSESSIONID=abc; ENTSESSION=xyz\r\n") != std::string::npos);
  step.url = scenario::Template::literal("/portal");
  engine::RequestText portal(f.scenario, f.context);
  REQUIRE(portal.build(step));
  portal.finish(f.cookies);
  CHECK(portal.bytes.find("Cookie: ENTSESSION=xyz\r\n") != std::string::npos);
}

TEST_CASE("a form is submitted with its hidden fields, to its action") {
  Fixture f;
  http::HtmlForm form;
  form.action = "/cas/login?service=http%3A%2F%2Fent%2F";
  form.method = "post";
  form.fields = {{"username", ""}, {"password", ""}, {"execution", "e1s1+x/y"}, {"_eventId", "submit"}};
  scenario::SubmitFormStep step;
  step.fields.push_back({"username", scenario::Template::literal("student0001")});
  step.fields.push_back({"password", scenario::Template::literal("Mdp-student0001")});
  engine::RequestText text(f.scenario, f.context);
  REQUIRE(text.build_form(step, form, "http://ent.example.fr:8080/cas/login?service=x"));
  CHECK(text.method == "POST");
  CHECK(text.url == "http://ent.example.fr:8080/cas/login?service=http%3A%2F%2Fent%2F");
  text.finish(f.cookies);
  CHECK(text.bytes.find("Content-Type: application/x-www-form-urlencoded\r\n") != std::string::npos);
  CHECK(text.bytes.find("Content-Length: 84\r\n\r\n") != std::string::npos);
  CHECK(text.body() == "username=student0001&password=Mdp-student0001&execution=e1s1%2Bx%2Fy&_eventId=submit");
}

TEST_CASE("redirects: 303 and POST after 302 become GET without body, 307 keeps both") {
  Fixture f;
  scenario::RequestStep step;
  step.method = scenario::Method::post;
  step.url = scenario::Template::literal("/login");
  step.body.kind = scenario::Body::Kind::form;
  step.body.form.push_back({"a", scenario::Template::literal("1")});
  for (unsigned status : {302u, 303u, 307u}) {
    engine::RequestText text(f.scenario, f.context);
    REQUIRE(text.build(step));
    text.redirect_to("http://cas.example.fr/next", status);
    text.finish(f.cookies);
    INFO(status);
    CHECK(text.target.host == "cas.example.fr");
    if (status == 307) {
      CHECK(text.bytes.rfind("POST /next HTTP/1.1", 0) == 0);
      CHECK(text.body() == "a=1");
    } else {
      CHECK(text.bytes.rfind("GET /next HTTP/1.1", 0) == 0);
      CHECK(text.bytes.find("Content-Length") == std::string::npos);
    }
  }
}

TEST_CASE("an unset variable stops the request and names itself") {
  Fixture f;
  scenario::RequestStep step;
  step.url = scenario::Template::compile("/docs/${doc}.pdf", f.scenario.symbols);
  f.variables.resize(f.scenario.symbols.size());
  engine::RequestText text(f.scenario, f.context);
  CHECK_FALSE(text.build(step));
  REQUIRE(text.missing);
  CHECK(f.scenario.symbols.name(*text.missing) == "doc");
}
