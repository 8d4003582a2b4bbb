#include <catch2/catch.hpp>

#include "engine/request_text.hpp"

using namespace rollcall;

namespace {

struct RequestFixture {
  scenario::Scenario scenario;
  scenario::Variables variables{8};
  rollcall::UserRng rng{1};
  scenario::RenderContext context{variables, rng};
  http::CookieJar cookies;

  RequestFixture() {
    scenario.target_url = "http://ent.example.fr:8080/";
    scenario.target = http::parse_target(scenario.target_url);
    scenario.defaults.headers.push_back({"User-Agent", scenario::Template::literal("Firefox")});
    scenario.defaults.headers.push_back({"Accept-Language", scenario::Template::literal("fr-FR")});
  }
};

}  // namespace

TEST_CASE("a request step renders against the target, with query and headers") {
  RequestFixture f;
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
  RequestFixture f;
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
  RequestFixture f;
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
  RequestFixture f;
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
  RequestFixture f;
  scenario::RequestStep step;
  step.url = scenario::Template::compile("/docs/${doc}.pdf", f.scenario.symbols);
  f.variables.resize(f.scenario.symbols.size());
  engine::RequestText text(f.scenario, f.context);
  CHECK_FALSE(text.build(step));
  REQUIRE(text.missing);
  CHECK(f.scenario.symbols.name(*text.missing) == "doc");
}

TEST_CASE("a rendered header value with a line break or a NUL is refused, not sent as two headers") {
  RequestFixture f;
  scenario::RequestStep step;
  step.url = scenario::Template::literal("/portal");
  step.headers.push_back({"X-Account", scenario::Template::compile("${account}", f.scenario.symbols)});
  f.variables.resize(f.scenario.symbols.size());
  const auto id = *f.scenario.symbols.find("account");
  for (const std::string& bad : {std::string("a\r\nX-Admin: 1"), std::string("a\nb"), std::string("a\0b", 3)}) {
    f.variables.set(id, bad);
    engine::RequestText text(f.scenario, f.context);
    CHECK_FALSE(text.build(step));
    CHECK_FALSE(text.missing);
    CHECK(text.problem.find("header X-Account") != std::string::npos);
    CHECK(text.problem.find("X-Admin") == std::string::npos);  // the value is not quoted
  }
  f.variables.set(id, "pupil 42");
  engine::RequestText text(f.scenario, f.context);
  REQUIRE(text.build(step));
  text.finish(f.cookies);
  CHECK(text.bytes.find("X-Account: pupil 42\r\n") != std::string::npos);
}

TEST_CASE("a redirect to a Location that is not http(s), or to port 0, is refused and says its scheme only") {
  RequestFixture f;
  scenario::RequestStep step;
  step.url = scenario::Template::literal("/login");
  for (const char* location : {"myapp://open?ticket=ST-1-secret", "ftp://ent.example.fr/x", "http://ent.example.fr:0/",
                               "http://ent%0d%0aX-Admin%3a%201.example.fr/", "http://ent%00.example.fr/"}) {
    engine::RequestText text(f.scenario, f.context);
    REQUIRE(text.build(step));
    INFO(location);
    CHECK_FALSE(text.redirect_to(location, 302));
    CHECK(text.problem.find("cannot follow") != std::string::npos);
    CHECK(text.problem.find("secret") == std::string::npos);
    // The request stays what it was: nothing is sent again by mistake.
    CHECK(text.target.host == "ent.example.fr");
    CHECK(text.target.path_and_query == "/login");
  }
  engine::RequestText text(f.scenario, f.context);
  REQUIRE(text.build(step));
  CHECK(text.redirect_to("https://cas.example.fr/cas/login?service=x", 302));
  CHECK(text.target.tls);
}

TEST_CASE("Authorization and Cookie headers of the scenario stay with their origin across redirects") {
  RequestFixture f;
  scenario::RequestStep step;
  step.url = scenario::Template::literal("/api/me");
  step.headers.push_back({"Authorization", scenario::Template::literal("Bearer secret-token")});
  step.headers.push_back({"Cookie", scenario::Template::literal("pinned=1")});
  step.headers.push_back({"X-Requested-With", scenario::Template::literal("XMLHttpRequest")});
  engine::RequestText text(f.scenario, f.context);
  REQUIRE(text.build(step));
  // Same origin: kept.
  REQUIRE(text.redirect_to("http://ent.example.fr:8080/api/me/", 301));
  text.finish(f.cookies);
  CHECK(text.bytes.find("Authorization: Bearer secret-token\r\n") != std::string::npos);
  // Another port is another origin: dropped, and for the rest of the chain.
  REQUIRE(text.redirect_to("http://ent.example.fr:9090/elsewhere", 302));
  text.finish(f.cookies);
  CHECK(text.bytes.find("Authorization") == std::string::npos);
  CHECK(text.bytes.find("pinned=1") == std::string::npos);
  CHECK(text.bytes.find("X-Requested-With: XMLHttpRequest\r\n") != std::string::npos);
  REQUIRE(text.redirect_to("http://ent.example.fr:8080/back", 302));
  text.finish(f.cookies);
  CHECK(text.bytes.find("Authorization") == std::string::npos);
}

TEST_CASE("requests offer the codings a browser offers, unless the scenario says otherwise") {
  RequestFixture f;
  scenario::RequestStep step;
  step.method = scenario::Method::get;
  step.url = scenario::Template::compile("/portal", f.scenario.symbols);
  SECTION("by default: gzip, deflate and br") {
    engine::RequestText text(f.scenario, f.context);
    REQUIRE(text.build(step));
    text.finish(f.cookies);
    CHECK(text.bytes.find("\r\nAccept-Encoding: gzip, deflate, br\r\n") != std::string::npos);
  }
  SECTION("the scenario's own value is sent as is, once") {
    step.headers.push_back({"accept-encoding", scenario::Template::literal("identity")});
    engine::RequestText text(f.scenario, f.context);
    REQUIRE(text.build(step));
    text.finish(f.cookies);
    CHECK(text.bytes.find("\r\naccept-encoding: identity\r\n") != std::string::npos);
    CHECK(text.bytes.find("gzip") == std::string::npos);
  }
  SECTION("a scenario default applies to every step") {
    f.scenario.defaults.headers.push_back({"Accept-Encoding", scenario::Template::literal("gzip")});
    engine::RequestText text(f.scenario, f.context);
    REQUIRE(text.build(step));
    text.finish(f.cookies);
    CHECK(text.bytes.find("\r\nAccept-Encoding: gzip\r\n") != std::string::npos);
    CHECK(text.bytes.find("br") == std::string::npos);
  }
}

TEST_CASE("through a proxy the request line carries the absolute URL and the proxy's credentials go along") {
  RequestFixture f;
  const auto now = std::chrono::system_clock::now();
  f.cookies.store({false, "ent.example.fr", "/"}, "ENTSESSION=xyz; Path=/", now);
  scenario::RequestStep step;
  step.url = scenario::Template::literal("/portal?x=1");
  engine::RequestText text(f.scenario, f.context);
  REQUIRE(text.build(step));
  const auto proxy = http::parse_proxy_url("http://u:p@proxy.lan:3128", "--proxy");
  text.finish(f.cookies, &proxy);
  CHECK(text.bytes.rfind("GET http://ent.example.fr:8080/portal?x=1 HTTP/1.1\r\nHost: ent.example.fr:8080\r\n"
                         "Proxy-Authorization: Basic dTpw\r\n", 0) == 0);
  CHECK(text.bytes.find("Cookie: ENTSESSION=xyz\r\n") != std::string::npos);  // the target's cookies
  text.finish(f.cookies);
  CHECK(text.bytes.rfind("GET /portal?x=1 HTTP/1.1\r\n", 0) == 0);
  CHECK(text.bytes.find("Proxy-Authorization") == std::string::npos);
}

// A homework upload renders a body of 120 KB at every attempt: its storage
// comes back to the lane's pool and the next upload reuses it, so that no
// attempt frees a block that large (glibc consolidates its free lists then).
TEST_CASE("an upload's body storage is reused from the lane's pool, small bodies and huge ones are not kept") {
  RequestFixture f;
  engine::SpareBodies spare;
  scenario::RequestStep step;
  step.method = scenario::Method::post;
  step.url = scenario::Template::literal("/homework/1/submit");
  step.body.kind = scenario::Body::Kind::multipart;
  scenario::MultipartPart file;
  file.name = "file";
  file.filename = "devoir.pdf";
  file.generated_bytes = 120'000;
  step.body.parts.push_back(file);
  const char* first_storage = nullptr;
  {
    engine::RequestText text(f.scenario, f.context, &spare);
    REQUIRE(text.build(step));
    CHECK(text.body().size() > 120'000);
    first_storage = text.body().data();
  }
  CHECK(spare.idle() == 1);
  {
    engine::RequestText again(f.scenario, f.context, &spare);
    CHECK(spare.idle() == 0);
    REQUIRE(again.build(step));
    CHECK(again.body().size() > 120'000);
    CHECK(again.body().data() == first_storage);  // the same block, not a new one
  }
  CHECK(spare.idle() == 1);

  // A GET's empty body has nothing worth keeping; a body over the bound is freed.
  scenario::RequestStep get;
  get.url = scenario::Template::literal("/portal");
  engine::SpareBodies none;
  {
    engine::RequestText text(f.scenario, f.context, &none);
    REQUIRE(text.build(get));
    CHECK(text.body().empty());
  }
  CHECK(none.idle() == 0);
  std::string huge(engine::SpareBodies::max_kept + 1, 'x');
  spare.give_back(std::move(huge));
  CHECK(spare.idle() == 1);
  for (std::size_t i = 0; i < engine::SpareBodies::max_count + 5; ++i) spare.give_back(std::string(8192, 'y'));
  CHECK(spare.idle() == engine::SpareBodies::max_count);
  const std::string reused = spare.take();
  CHECK(reused.empty());
  CHECK(reused.capacity() >= 8192);
}
