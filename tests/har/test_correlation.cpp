// Correlation and the written scenario: which extraction each value sent
// later gets, which templates, submit_form where the page's form was
// posted, the credentials as feeder columns, the loader's verdict, and no
// recorded secret anywhere in what is written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "har/correlation.hpp"
#include "har/fixtures.hpp"
#include "har/scenario_writer.hpp"
#include "scenario/loader.hpp"
#include "support/process.hpp"

using namespace rollcall;
using namespace rollcall::har;
using rollcall::test::har_fixture;

namespace {

struct Imported {
  Recording recording;  // the journey points into its entries
  Journey journey;
  Correlation correlation;
  std::string yaml;
};

// Shaped, correlated and written as import-har does.
Imported imported(Recording rec, const std::string& har_name, const std::string& persona = "student") {
  Imported i;
  i.recording = std::move(rec);
  i.journey = shape_journey(i.recording, {});
  i.correlation = correlate(i.journey);
  i.yaml = write_scenario(i.journey, i.correlation,
                          {persona, persona + ".csv", har_name, i.recording.entries.size(), i.recording.notes});
  return i;
}

Imported import(const std::string& fixture, const std::string& persona) {
  return imported(read_har_file(har_fixture(fixture)), fixture, persona);
}

const Extraction* extraction(const Imported& i, const std::string& variable) {
  for (const auto& step : i.correlation.requests)
    for (const auto& r : step)
      for (const auto& e : r.extractions)
        if (e.variable == variable) return &e;
  return nullptr;
}

// The loader's problems with the written scenario, read with one account.
std::vector<std::string> load_problems(const Imported& i, const std::string& name, const std::string& persona) {
  const std::string dir = rollcall::test::test_dir("har-" + name);
  const std::string yaml = dir + "/" + name + ".yaml";
  std::ofstream(yaml) << i.yaml;
  std::ofstream(dir + "/" + persona + ".csv") << "username,password\nsomeone,Secret-1\n";
  const auto loaded = scenario::load_scenario(yaml);
  std::vector<std::string> out;
  for (const auto& p : loaded.problems) out.push_back(p.where.str() + ": " + p.message);
  return out;
}

}  // namespace

TEST_CASE("correlation: the built-in ENT's CAS form becomes submit_form with the feeder's columns") {
  const Imported i = import("sim-student.har", "student");
  CHECK(i.correlation.uses_username);
  CHECK(i.correlation.uses_password);
  const TemplatedRequest& login = i.correlation.requests[1][0];
  REQUIRE(login.is_submit_form);
  CHECK(login.form_submission.selector == "#fm1");
  CHECK(login.form_submission.page_step == "home");
  CHECK(login.form_submission.fields ==
        std::vector<NameValue>{{"username", "${username}"}, {"password", "${password}"}});
  // The one-time execution token is the page's: submit_form keeps it, no regex.
  CHECK(login.form_submission.kept == std::vector<std::string>{"execution", "_eventId", "submit"});
  for (const auto& step : i.correlation.requests)
    for (const auto& r : step) CHECK(r.extractions.empty());
  CHECK(i.correlation.requests[2][2].url == "/api/messages?page=1");
  CHECK(i.correlation.requests[0][0].url == "/");
  CHECK(i.yaml.find("- submit_form:\n          form: \"#fm1\"\n") != std::string::npos);
  CHECK(i.yaml.find("redirects: {names: [\"home\", \"portal\"]}") != std::string::npos);
  CHECK(i.yaml.find("feeder: {file: \"student.csv\", mode: cycle, secret: [password]}") != std::string::npos);
  CHECK(i.yaml.find("think: {uniform: [") != std::string::npos);
  CHECK(load_problems(i, "sim-student", "student").empty());
  for (const auto& secret : rollcall::test::recorded_secrets()) CHECK(i.yaml.find(secret) == std::string::npos);
}

TEST_CASE("correlation: an unrelated SSO, its consent page, a cookie, a script's token and a JSON id") {
  const Imported i = import("other-sso.har", "parent");
  const auto& r = i.correlation.requests;

  // The login: another form id, other field names, recognised as credentials.
  REQUIRE(r[1][0].is_submit_form);
  CHECK(r[1][0].form_submission.selector == "#loginForm");
  CHECK(r[1][0].form_submission.fields ==
        std::vector<NameValue>{{"j_username", "${username}"}, {"j_password", "${password}"}});
  CHECK(r[1][0].form_submission.kept == std::vector<std::string>{"csrf_token", "lt", "_eventId_proceed"});
  // The consent page's own token, and the SAML auto-post (a form with no id or name).
  REQUIRE(r[2][0].is_submit_form);
  CHECK(r[2][0].form_submission.selector == "consent");
  CHECK(r[2][0].form_submission.fields.empty());
  CHECK(r[2][0].form_submission.kept == std::vector<std::string>{"consent_token", "choice", "_eventId_proceed"});
  REQUIRE(r[3][0].is_submit_form);
  CHECK(r[3][0].form_submission.selector == "0");
  CHECK(r[3][0].form_submission.kept == std::vector<std::string>{"SAMLResponse", "RelayState"});

  // The XSRF cookie copied into a header: a cookie extraction.
  const Extraction* xsrf = extraction(i, "xsrf_token");
  REQUIRE(xsrf);
  CHECK(xsrf->kind == "cookie");
  CHECK(xsrf->name == "XSRF-TOKEN");
  CHECK(xsrf->secret);
  CHECK(r[4][0].headers[0] == NameValue{"X-XSRF-TOKEN", "${xsrf_token}"});
  CHECK(r[4][1].headers[0] == NameValue{"X-XSRF-TOKEN", "${xsrf_token}"});
  // A token only in a script: a regex around it, checked on the page.
  const Extraction* csrf = extraction(i, "x_csrf_token");
  REQUIRE(csrf);
  CHECK(csrf->kind == "regex");
  CHECK(csrf->regex == "var csrfToken = \"([A-Za-z0-9_-]+)");
  CHECK(csrf->origin == "from the page of step saml-sso-submit, by a regex: the value is in no form, JSON or header");
  // An id from JSON, in a later URL and a later JSON body.
  const Extraction* id = extraction(i, "classes_id");
  REQUIRE(id);
  CHECK(id->kind == "json");
  CHECK(id->pointer == "/classes/0/id");
  CHECK(id->origin == "from the JSON of step api-v1-classes, at /classes/0/id");
  CHECK(r[5][0].url == "/api/v1/classes/${classes_id}/timetable?week=49");
  CHECK(r[5][0].headers[0] == NameValue{"X-CSRF-Token", "${x_csrf_token}"});
  CHECK(r[6][0].body == "{\"classId\": \"${classes_id}\", \"text\": \"Bonjour à tous\"}");
  CHECK(r[6][0].expected_status == 201);
  // The extractions sit on the steps that received the values.
  CHECK(r[3][0].extractions.size() == 2);
  CHECK(r[4][0].extractions.size() == 1);

  CHECK(i.yaml.find("# from the cookie XSRF-TOKEN set by step saml-sso-submit\n") != std::string::npos);
  CHECK(load_problems(i, "other-sso", "parent").empty());
  for (const auto& secret : rollcall::test::recorded_secrets()) {
    INFO(secret);
    CHECK(i.yaml.find(secret) == std::string::npos);
  }
}

TEST_CASE("correlation: Firefox's export of the same journey gives the same scenario") {
  Imported chrome = import("other-sso.har", "parent");
  Imported firefox = import("other-sso-firefox.har", "parent");
  auto body = [](const std::string& yaml) { return yaml.substr(yaml.find("target:")); };
  CHECK(body(chrome.yaml) == body(firefox.yaml));
}

TEST_CASE("correlation: credential fields by name or by the page's password box") {
  CHECK(looks_like_username_field("username"));
  CHECK(looks_like_username_field("j_username"));
  CHECK(looks_like_username_field("Email"));
  CHECK(looks_like_username_field("identifiant"));
  CHECK_FALSE(looks_like_username_field("execution"));
  CHECK(looks_like_password_field("j_password"));
  CHECK(looks_like_password_field("pwd"));
  CHECK(looks_like_password_field("mdp"));
  CHECK_FALSE(looks_like_password_field("lt"));
}

TEST_CASE("scenario writer: YAML quoting and durations") {
  CHECK(yaml_quoted("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
  CHECK(duration_text(4188.4) == "4188ms");
  CHECK(duration_text(30000) == "30s");
  CHECK(duration_text(0) == "0ms");
}

TEST_CASE("correlation: a page saved without its body still gives submit_form, its first form") {
  // Chrome drops a page's body when the page navigates away, unless asked
  // to keep it: the CAS login page may come without its form.
  auto doc = boost::json::parse(rollcall::test::read_file(har_fixture("sim-student.har")));
  doc.at("log").at("entries").as_array()[1].at("response").at("content").as_object().erase("text");
  const Recording rec = parse_har(boost::json::serialize(doc));
  const Journey j = shape_journey(rec, {});
  const Correlation c = correlate(j);
  const TemplatedRequest& login = c.requests[1][0];
  REQUIRE(login.is_submit_form);
  CHECK(login.form_submission.selector == "0");
  CHECK(login.form_submission.fields == std::vector<NameValue>{{"username", "${username}"},
                                                               {"password", "${password}"},
                                                               {"_eventId", "submit"},
                                                               {"submit", "Se connecter"}});
  CHECK(login.form_submission.kept == std::vector<std::string>{"execution"});
  REQUIRE(login.notes.size() == 1);
  CHECK(login.notes[0].starts_with("the recording holds no body for the page of step home"));
}

namespace {

// One HAR entry, as a browser saves it, for recordings made by hand.
std::string har_entry(const std::string& at, const std::string& method, const std::string& url,
                      const std::string& post, int status, const std::string& location, const std::string& html) {
  boost::json::object request{{"method", method}, {"url", url},
                              {"headers", boost::json::array{boost::json::object{{"name", "Accept"}, {"value", "text/html"}}}}};
  if (!post.empty())
    request["postData"] = boost::json::object{{"mimeType", "application/x-www-form-urlencoded"}, {"text", post}};
  boost::json::array headers{boost::json::object{{"name", "Content-Type"}, {"value", "text/html"}}};
  if (!location.empty()) headers.push_back(boost::json::object{{"name", "Location"}, {"value", location}});
  boost::json::object entry{{"startedDateTime", at}, {"time", 10}, {"_resourceType", "document"}, {"request", request},
                            {"response", boost::json::object{{"status", status}, {"headers", headers},
                                                             {"content", boost::json::object{{"mimeType", "text/html"},
                                                                                             {"text", html}}}}}};
  return boost::json::serialize(entry);
}

// A recording made by hand: these entries (har_entry) in a HAR log.
std::string hand_made_har(const std::vector<std::string>& entries) {
  std::string out = "{\"log\": {\"version\": \"1.2\", \"entries\": [";
  for (std::size_t i = 0; i < entries.size(); ++i) out += (i ? "," : "") + entries[i];
  return out + "]}}";
}

// The login page such a recording starts with, and its form: a login and
// a password box.
const std::string kLoginForm = "<form id=\"fm1\" method=\"post\" action=\"/login\"><input name=\"username\">"
                               "<input type=\"password\" name=\"password\"></form>";
std::string login_page_entry(const std::string& page = kLoginForm) {
  return har_entry("2026-12-05T08:30:00.000Z", "GET", "https://ent.test/login", "", 200, "", page);
}

}  // namespace

TEST_CASE("correlation: a secret hidden field no answer gave is left to the page, not written empty") {
  // The page's csrf_token is one value; the browser posted another (a
  // script rewrote it) that no answer of the recording holds.
  const std::string page =
      "<html><body><form id=\"fm1\" method=\"post\" action=\"/login\">"
      "<input type=\"hidden\" name=\"csrf_token\" value=\"Page-4f0cA9e2B7d1\">"
      "<input name=\"username\"><input type=\"password\" name=\"password\">"
      "<button name=\"submit\" value=\"go\">Go</button></form></body></html>";
  const std::string har = hand_made_har({
      login_page_entry(page),
      har_entry("2026-12-05T08:30:04.000Z", "POST", "https://ent.test/login",
                "csrf_token=Posted-9Zq7Xv3Kw1Lm8Np2&username=jeanne.durand&password=Pw-Hand-Made-77&submit=go", 302,
                "https://ent.test/home", ""),
      har_entry("2026-12-05T08:30:04.100Z", "GET", "https://ent.test/home", "", 200, "", "<html><p>Bonjour</p></html>")});
  const Imported i = imported(parse_har(har), "hand.har");
  INFO(i.yaml);

  REQUIRE(i.correlation.requests.size() == 2);
  const TemplatedRequest& login = i.correlation.requests[1][0];
  REQUIRE(login.is_submit_form);
  CHECK(login.form_submission.selector == "#fm1");
  CHECK(login.form_submission.left_to_page == std::vector<std::string>{"csrf_token"});
  CHECK(login.form_submission.fields ==
        std::vector<NameValue>{{"username", "${username}"}, {"password", "${password}"}});
  CHECK(login.form_submission.kept == std::vector<std::string>{"submit"});
  CHECK(login.notes.empty());  // no "set it by hand": the page sets it

  CHECK(i.yaml.find("\"csrf_token\": \"\"") == std::string::npos);
  CHECK(i.yaml.find("\"\"") == std::string::npos);
  CHECK(i.yaml.find("fields: {\"username\": \"${username}\", \"password\": \"${password}\"}\n") != std::string::npos);
  CHECK(i.yaml.find("          form: \"#fm1\"\n"
                    "          # 'csrf_token' is left to the page: the browser sent another value,\n"
                    "          # a secret no earlier answer gave, which is not written here;\n") != std::string::npos);
  for (const std::string secret : {"Posted-9Zq7Xv3Kw1Lm8Np2", "Pw-Hand-Made-77", "jeanne.durand"}) {
    INFO(secret);
    CHECK(i.yaml.find(secret) == std::string::npos);
  }
  CHECK(load_problems(i, "left-to-page", "student").empty());
}

TEST_CASE("scenario writer: a browser header holding a recorded secret is not written") {
  // Found by fuzz_har: the defaults and an API call's Accept are written as
  // recorded, and a recording may hold the typed password there too.
  const std::string har = hand_made_har({
      login_page_entry(),
      har_entry("2026-12-05T08:30:04.000Z", "POST", "https://ent.test/login",
                "username=jeanne.durand&password=Pw-Hand-Made-77", 302, "https://ent.test/home", ""),
      har_entry("2026-12-05T08:30:04.100Z", "GET", "https://ent.test/home", "", 200, "", "<p>Bonjour</p>"),
      har_entry("2026-12-05T08:30:05.000Z", "GET", "https://ent.test/api/me", "", 200, "", "{}")});
  Recording rec = parse_har(har);
  REQUIRE(rec.entries.size() == 4);
  rec.entries[0].request_headers = {{"Accept", "text/html"}, {"User-Agent", "Mozilla/5.0 Pw-Hand-Made-77"},
                                    {"Accept-Language", "fr-FR"}};
  rec.entries[3].resource_type = "xhr";
  rec.entries[3].request_headers = {{"Accept", "application/json, jeanne.durand"}};
  const std::string yaml = imported(rec, "hand.har").yaml;
  INFO(yaml);
  CHECK(yaml.find("Pw-Hand-Made-77") == std::string::npos);
  CHECK(yaml.find("jeanne.durand") == std::string::npos);
  CHECK(yaml.find("User-Agent") == std::string::npos);
  CHECK(yaml.find("    Accept: \"text/html\"\n") != std::string::npos);
  CHECK(yaml.find("    Accept-Language: \"fr-FR\"\n") != std::string::npos);
  CHECK(yaml.find("application/json") == std::string::npos);
}

TEST_CASE("correlation: a value with a recorded secret inside is not written") {
  // Found by fuzz_har: a second post sent the password inside another
  // field's value, which was written as recorded.
  const std::string page = "<form id=\"fm1\" method=\"post\" action=\"/login\"><input name=\"username\">"
                           "<input type=\"password\" name=\"password\"><input name=\"note\"></form>";
  const std::string har = hand_made_har({
      login_page_entry(page),
      har_entry("2026-12-05T08:30:04.000Z", "POST", "https://ent.test/login",
                "username=jeanne.durand&password=Pw-Hand-Made-77&note=x", 200, "", page),
      har_entry("2026-12-05T08:30:08.000Z", "POST", "https://ent.test/login",
                "username=jeanne.durand&password=Pw-Hand-Made-77&note=see%20Pw-Hand-Made-77", 200, "", "<p>ok</p>")});
  const std::string yaml = imported(parse_har(har), "hand.har").yaml;
  INFO(yaml);
  CHECK(yaml.find("Pw-Hand-Made-77") == std::string::npos);
  CHECK(yaml.find("jeanne.durand") == std::string::npos);
  CHECK(yaml.find("'note' is left to the page") != std::string::npos);
}

TEST_CASE("correlation: credentials posted to a dropped request are secrets in the kept ones too") {
  // Found by fuzz_har: the login was posted to a host that was not kept,
  // and an API call of the kept host carried the password in its Accept.
  const std::string har = hand_made_har({
      har_entry("2026-12-05T08:30:00.000Z", "GET", "https://ent.test/home", "", 200, "", "<p>Bonjour</p>"),
      har_entry("2026-12-05T08:30:04.000Z", "POST", "https://sso.elsewhere.test/login",
                "username=jeanne.durand&password=Pw-Hand-Made-77", 200, "", "<p>ok</p>"),
      har_entry("2026-12-05T08:30:05.000Z", "GET", "https://ent.test/api/me", "", 200, "", "{}")});
  Recording rec = parse_har(har);
  REQUIRE(rec.entries.size() == 3);
  rec.entries[2].resource_type = "xhr";
  rec.entries[2].request_headers = {{"Accept", "application/json; user=jeanne.durand; pw=Pw-Hand-Made-77"}};
  const Imported i = imported(rec, "hand.har");
  REQUIRE(i.journey.dropped_other_hosts == 1);
  const std::string& yaml = i.yaml;
  INFO(yaml);
  CHECK(yaml.find("Pw-Hand-Made-77") == std::string::npos);
  CHECK(yaml.find("jeanne.durand") == std::string::npos);
  CHECK(yaml.find("api-me") != std::string::npos);
}

TEST_CASE("import-har's last guard: a login shorter than four characters is a secret only where a value stands whole") {
  // The guard looked for every typed credential anywhere in the scenario:
  // a two-letter login made the import fail, "a bug of the importer",
  // whenever those letters appeared by chance ("jo" in "/journal").
  const std::string har = hand_made_har({
      login_page_entry(),
      har_entry("2026-12-05T08:30:04.000Z", "POST", "https://ent.test/login", "username=jo&password=Pw-Hand-Made-77",
                200, "", "<p>ok</p>"),
      har_entry("2026-12-05T08:30:08.000Z", "GET", "https://ent.test/journal", "", 200, "", "<p>journal</p>")});
  const Imported i = imported(parse_har(har), "short-login.har");
  INFO(i.yaml);
  REQUIRE(i.yaml.find("/journal") != std::string::npos);
  CHECK(holds_recorded_secret(i.yaml, i.correlation.secrets));  // "jo" by chance: what the guard used to refuse
  CHECK_FALSE(scenario_holds_recorded_secret(i.yaml, i.correlation.secrets));
  CHECK(i.yaml.find("${username}") != std::string::npos);

  // Where a copied value would stand whole, a short secret is still found;
  // one of four characters or more, anywhere.
  const std::vector<std::string> secrets{"jo", "a b", "Pw-Hand-Made-77"};
  CHECK_FALSE(scenario_holds_recorded_secret("# a journey\n      - get: \"/journal?major=1\"\n", secrets));
  CHECK(scenario_holds_recorded_secret("        name: \"jo\"\n", secrets));
  CHECK(scenario_holds_recorded_secret("      - get: \"/api?u=jo&x=1\"\n", secrets));
  CHECK(scenario_holds_recorded_secret("      - get: \"/api?u=jo\"\n", secrets));
  CHECK(scenario_holds_recorded_secret("      - get: \"/users/jo/profile\"\n", secrets));
  CHECK(scenario_holds_recorded_secret("      - get: \"/search?q=a+b#top\"\n", secrets));
  CHECK(scenario_holds_recorded_secret("# see xPw-Hand-Made-77x\n", secrets));
}
