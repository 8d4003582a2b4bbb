// What try, failure details and HAR traces may show of a user's exchanges.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "engine/failure_detail.hpp"
#include "engine/redactor.hpp"

using namespace rollcall;
using engine::Redactor;

namespace {

// A scenario with a secret password column, a plain username and one
// ${env(...)} value; the user has both columns set.
struct Secrets {
  scenario::Scenario scenario;
  scenario::Variables variables;
  Secrets() {
    const auto username = scenario.symbols.intern("username");
    const auto password = scenario.symbols.intern("password");
    scenario.symbols.note_environment("ENT_TOKEN", "env-Token-8841");
    scenario.secret_variables.assign(scenario.symbols.size(), false);
    scenario.secret_variables[password] = true;
    variables.resize(scenario.symbols.size());
    variables.set(username, "student0001");
    variables.set(password, "P@ss word&1");
  }
};

}  // namespace

TEST_CASE("redactor: the user's secret values and the environment's, also URL-encoded") {
  Secrets s;
  const Redactor r(s.scenario, s.variables);
  CHECK(r.text("login student0001 with P@ss word&1 and env-Token-8841") == "login student0001 with *** and ***");
  CHECK(r.text("password=P%40ss%20word%261&x=1") == "password=***&x=1");
  CHECK(r.hides("field", "P@ss word&1"));
  CHECK(r.hides("field", "P%40ss+word%261"));  // as a form body carries it
  CHECK(r.hides("j_password", "anything"));
  CHECK_FALSE(r.hides("username", "student0001"));
  CHECK(r.value("username", "student0001") == "student0001");
  CHECK(r.value("SAMLResponse", "PHNhbWw=") == "***");
}

TEST_CASE("redactor: URLs keep their shape, secret parameters and session path parameters go") {
  Secrets s;
  const Redactor r(s.scenario, s.variables);
  CHECK(r.url("https://ent.example.fr/?ticket=ST-12-aB3dE5fG7hI9jK1lM3nO-cas01") == "https://ent.example.fr/?ticket=***");
  CHECK(r.url("https://cas.example.fr/cas/login?service=https%3A%2F%2Fent.example.fr%2F&renew=true") ==
        "https://cas.example.fr/cas/login?service=https%3A%2F%2Fent.example.fr%2F&renew=true");
  CHECK(r.url("https://x/app;jsessionid=7F3A9C2E41B8D6F0?a=1#top") == "https://x/app;jsessionid=***?a=1#top");
  CHECK(r.url("https://x/login?user=student0001&pw=P%40ss%20word%261") == "https://x/login?user=student0001&pw=***");
  CHECK(r.url("https://x/docs/2021-03-16/report.pdf") == "https://x/docs/2021-03-16/report.pdf");
}

TEST_CASE("redactor: runs that read like tokens are masked, words and paths are not") {
  CHECK(engine::mask_tokens("TGC=TGT-3-k2J9dXq7LmPz0aB4cR8e-cas; Path=/") == "TGC=***; Path=/");
  CHECK(engine::mask_tokens("id e1s1-9f86d081884c7d65 ok") == "id *** ok");
  CHECK(engine::mask_tokens("internationalisation des ENT") == "internationalisation des ENT");
  CHECK(engine::mask_tokens("Emploi du temps 2021-03-16T08:30") == "Emploi du temps 2021-03-16T08:30");
  CHECK(engine::mask_tokens(std::string(40, 'a')) == "***");
  CHECK(engine::mask_tokens("/Zq_xKpLmWvRtYbNs-HjDgF/home") == "/***/home");
  CHECK(engine::mask_tokens("JSESSIONID=7f3a9c2e41b8d6f0; Path=/") == "JSESSIONID=***; Path=/");
  CHECK(engine::mask_tokens("Shibboleth EduConnect JSESSIONID") == "Shibboleth EduConnect JSESSIONID");
}

TEST_CASE("failure detail: status, URL, type, an excerpt where the text was expected, the page's forms") {
  Secrets s;
  const Redactor r(s.scenario, s.variables);
  http::ResponseData page;
  page.status = 200;
  const std::string type = "text/html; charset=utf-8";
  page.header_bytes = "Content-Type" + type;
  page.fields.push_back({0, 12, 12, static_cast<std::uint32_t>(type.size())});
  page.body = "<html><head><title>ENT</title><script>var x = 1;</script></head><body>" + std::string(400, ' ') +
              "<p class=\"user\">Bonjour Chloé</p>"
              "<form id=\"consent\" method=\"post\" action=\"/consent?ticket=ST-1-abcdefghij0123456789\">"
              "<input type=\"hidden\" name=\"execution\" value=\"e1s1-0123456789abcdef\">"
              "<input name=\"accept\" value=\"yes\"></form><div id=\"fm2\"></div></body></html>";
  const auto d = engine::describe_failure("login > portal", &page, "https://ent.example.fr/portal?ticket=ST-9-zz",
                                          "body does not contain 'Bonjour Madame'", engine::Wanted{"Bonjour Madame", "#fm1"}, r);
  CHECK(d.step == "login > portal");
  CHECK(d.status == 200);
  CHECK(d.content_type == type);
  CHECK(d.url == "https://ent.example.fr/portal?ticket=***");
  // Centred on "Bonjour " (the longest beginning of the wanted text the page has).
  INFO(d.excerpt);
  CHECK(d.excerpt.find("<p class=\"user\">Bonjour Chloé</p>") != std::string::npos);
  CHECK(d.excerpt.find("e1s1-0123456789abcdef") == std::string::npos);
  CHECK(d.excerpt.find("value=\"***\"") != std::string::npos);
  CHECK(d.excerpt.find("abcdefghij0123456789") == std::string::npos);
  REQUIRE(d.nearby.size() == 3);
  CHECK(d.nearby[0] == "form#consent post /consent?ticket=*** (execution, accept)");
  CHECK(d.nearby[1] == "#fm2");  // the closest to #fm1 first
  CHECK(d.nearby[2] == "#consent");

  // No match at all: the excerpt starts where the page's text does.
  const auto none = engine::describe_failure("x", &page, "/", "r", engine::Wanted{"zzz", {}}, r);
  CHECK(none.excerpt.find("Bonjour Chloé") != std::string::npos);
  CHECK(none.excerpt.find("var x") == std::string::npos);
  // No answer: status 0 and the reason, nothing else.
  const auto lost = engine::describe_failure("x", nullptr, "https://x/?SAMLRequest=abc", "timeout", {}, r);
  CHECK(lost.status == 0);
  CHECK(lost.url == "https://x/?SAMLRequest=***");
  CHECK(lost.excerpt.empty());
}
