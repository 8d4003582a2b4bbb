// From recorded entries to the flow's steps: hosts and assets, redirect
// chains, API calls sent together, pauses, names.
#include <catch2/catch.hpp>

#include "har/fixtures.hpp"
#include "har/journey_shape.hpp"

using namespace rollcall::har;
using rollcall::test::har_fixture;

namespace {
std::vector<std::string> step_names(const Journey& j) {
  std::vector<std::string> out;
  for (const auto& s : j.steps) out.push_back(s.fetch_name.empty() ? s.exchanges[0].name : s.fetch_name);
  return out;
}
}  // namespace

TEST_CASE("journey shape: the built-in ENT's login, one step per page load, hops as redirect names") {
  const Recording rec = read_har_file(har_fixture("sim-student.har"));
  const Journey j = shape_journey(rec, {});
  CHECK(j.target.starts_with("http://127.0.0.1:"));
  CHECK(j.hosts == std::vector<std::string>{"127.0.0.1"});
  CHECK(j.dropped_assets == 1);  // the stylesheet
  CHECK(step_names(j) == std::vector<std::string>{"home", "cas-login-submit", "portal-calls", "docs", "cas-logout"});
  REQUIRE(j.steps[0].exchanges[0].hops.size() == 2);
  CHECK(j.steps[0].exchanges[0].redirect_names == std::vector<std::string>{"cas-login"});
  CHECK(j.steps[1].exchanges[0].redirect_names == std::vector<std::string>{"home", "portal"});
  CHECK(j.steps[1].exchanges[0].answer().url.ends_with("/portal"));
  CHECK(j.steps[1].is_page);
  // The three API calls went out before the first answered: one fetch.
  REQUIRE(j.steps[2].exchanges.size() == 3);
  CHECK(j.steps[2].exchanges[2].name == "api-messages");
  CHECK_FALSE(j.steps[2].is_page);
  // Pauses: typing the password (4.2 s recorded), then the page's scripts.
  REQUIRE(j.pauses_ms.size() == 4);
  CHECK(j.pauses_ms[0] == Approx(4200 - 12.5).margin(1));
  CHECK(j.steps[1].think_before_ms == j.pauses_ms[0]);
}

TEST_CASE("journey shape: assets kept on request, other hosts by default only when logins lead there") {
  const Recording rec = read_har_file(har_fixture("other-sso.har"));
  const Journey all = shape_journey(rec, {});
  CHECK(all.hosts == std::vector<std::string>{"ent.lycee-exemple.fr", "sso.academie-exemple.fr"});
  CHECK(all.target == "https://ent.lycee-exemple.fr");
  CHECK(all.dropped_assets == 4);
  CHECK(step_names(all) == std::vector<std::string>{"home", "idp-authn-login-submit", "idp-consent-submit",
                                                    "saml-sso-submit", "portail-calls", "api-v1-classes-timetable",
                                                    "api-v1-messages-submit", "logout"});
  // The 45 s pause before the message is capped.
  CHECK(all.steps[6].think_before_ms == max_think_ms);

  const Journey ent_only = shape_journey(rec, {{"ent.lycee-exemple.fr"}, false});
  CHECK(ent_only.dropped_other_hosts == 4);  // the SSO's login, consent and assets
  CHECK(step_names(ent_only).size() == 6);

  const Journey assets = shape_journey(rec, {{}, true});
  CHECK(assets.dropped_assets == 0);
  CHECK(assets.steps.size() > all.steps.size());

  CHECK_THROWS_WITH(shape_journey(rec, {{"elsewhere.fr"}, false}),
                    Catch::StartsWith("no page load (a document request) on the hosts kept"));
}

TEST_CASE("journey shape: names from paths, never from tokens or ids") {
  CHECK(name_from_path("https://e.fr/cas/login?service=x") == "cas-login");
  CHECK(name_from_path("https://e.fr/") == "home");
  CHECK(name_from_path("https://e.fr/docs/42.pdf") == "docs");
  CHECK(name_from_path("https://e.fr/api/homework/84213/submit") == "api-homework-submit");
  CHECK(name_from_path("https://e.fr/s/e1s1-a9546ea77e1d2837/next") == "s-next");
  CHECK(name_from_path("https://e.fr/sess/3f2a9c1e-8b7d-4e6f-a5c4-1b2d3e4f5a6b/home") == "sess-home");
  CHECK(name_from_path("https://e.fr/ST-1-4b1db5195363388790b41fb19f48d031") == "home");
  CHECK(name_from_path("https://e.fr/api/v2/%C3%89l%C3%A8ves") == "api-v2-l-ves");
  CHECK(looks_like_token("deadbeef"));
  CHECK(looks_like_token("0042"));
  CHECK_FALSE(looks_like_token("portal"));
  CHECK_FALSE(looks_like_token("v1"));
}

TEST_CASE("journey shape: a URL that does not parse is on no host, never the target") {
  // A first page load whose URL Boost.URL refuses (found by fuzz_har: the
  // journey's target was read from it unchecked).
  auto entry = [](const std::string& url, const std::string& at) {
    Entry e;
    e.method = "GET";
    e.url = url;
    e.status = 200;
    e.resource_type = "document";
    e.mime = "text/html";
    e.start_ms = std::stod(at);
    return e;
  };
  Recording rec;
  rec.entries = {entry("https://ent.exem[le.fr/", "0"), entry("https://ent.example.fr/portal", "1000")};
  const Journey j = shape_journey(rec, {});
  CHECK(j.target == "https://ent.example.fr");
  CHECK(j.hosts == std::vector<std::string>{"ent.example.fr"});
  CHECK(j.dropped_other_hosts == 1);
  CHECK(step_names(j) == std::vector<std::string>{"portal"});

  rec.entries = {entry("https://ent.exem[le.fr/", "0")};
  CHECK_THROWS_WITH(shape_journey(rec, {}), Catch::StartsWith("no page load (a document request) in the recording"));
  CHECK_THROWS_WITH(shape_journey(rec, {{""}, false}), Catch::StartsWith("no page load (a document request) on the hosts kept"));
}
