// The single sign-on journey end to end, as a browser walks it.
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "sim/helpers.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;

TEST_CASE("a student logs in through CAS and uses the portal", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client browser(ent.port());

  Reply entry = browser.get("/");
  CHECK(entry.status == 302);
  CHECK(entry.header("Location") ==
        "http://127.0.0.1:" + std::to_string(ent.port()) + "/cas/login?service=" + url_encode(service_url(ent.port())));

  Reply form = browser.get(entry.location_target());
  CHECK(form.status == 200);
  CHECK(form.body.find("name=\"username\"") != std::string::npos);
  CHECK(form.body.find("name=\"password\"") != std::string::npos);
  CHECK(hidden_field(form.body, "_eventId") == "submit");
  CHECK(hidden_field(form.body, "execution")->rfind("e1s1-", 0) == 0);
  CHECK(browser.cookies.count("JSESSIONID") == 1);

  Reply posted = submit_login(browser, form, "student0007", "Mdp-student0007");
  CHECK(posted.status == 302);
  CHECK(posted.header("Location").rfind(service_url(ent.port()) + "?ticket=ST-", 0) == 0);
  CHECK(browser.cookies.count("TGC") == 1);

  Reply portal = enter_with_ticket(browser, posted);
  CHECK(portal.body.size() > 28'000);
  CHECK(portal.body.size() < 34'000);
  CHECK(portal.body.find("(élève)") != std::string::npos);

  Reply timeline = browser.get("/api/timeline");
  CHECK(timeline.status == 200);
  CHECK(timeline.header("Content-Type") == "application/json");
  CHECK(timeline.body.size() > 4'500);
  CHECK(timeline.body.size() < 6'000);

  Reply homework = browser.get("/api/homework");
  CHECK(homework.status == 200);
  CHECK(homework.body.find("\"submit\":\"/api/homework/1/submit\"") != std::string::npos);

  Reply page1 = browser.get("/api/messages");
  Reply page3 = browser.get("/api/messages?page=3");
  CHECK(page1.body.find("\"page\":1,\"pages\":3,\"total\":45,\"next\":\"/api/messages?page=2\"") != std::string::npos);
  CHECK(page3.body.find("\"next\":null") != std::string::npos);
  CHECK(browser.get("/api/messages?page=4").status == 404);
  CHECK(browser.get("/api/messages?page=zero").status == 400);

  Reply pdf = browser.get("/docs/12.pdf");
  CHECK(pdf.status == 200);
  CHECK(pdf.header("Content-Type") == "application/pdf");
  CHECK(pdf.body.size() == 300'000);
  CHECK(pdf.body.rfind("%PDF-", 0) == 0);

  std::string upload =
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"devoir.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n%PDF-1.4 devoir\r\n--XyZ--\r\n";
  Reply submitted = browser.send("POST", "/api/homework/3/submit", upload, "multipart/form-data; boundary=XyZ");
  CHECK(submitted.status == 201);
  CHECK(submitted.body.find("\"homework\":3") != std::string::npos);
  CHECK(browser.send("POST", "/api/homework/3/submit", "x=1", "application/x-www-form-urlencoded").status == 400);

  Reply logout = browser.get("/cas/logout");
  CHECK(logout.status == 200);
  CHECK(browser.cookies.count("ENTSESSION") == 0);
  CHECK(browser.cookies.count("TGC") == 0);
  CHECK(browser.get("/portal").status == 302);
}

TEST_CASE("a parent logs in through the SAML hop", "[sim][login]") {
  auto config = fast_config();
  config.saml = true;
  sim::Simulator ent(config);
  ent.start();
  Client browser(ent.port());

  Reply form = open_login_form(browser);
  Reply idp = submit_login(browser, form, "parent0003", "Mdp-parent0003");
  // The identity provider's page: a form the browser submits by itself.
  REQUIRE(idp.status == 200);
  CHECK(idp.body.find("document.forms[0].submit()") != std::string::npos);
  auto action = form_action(idp.body);
  auto saml_response = hidden_field(idp.body, "SAMLResponse");
  auto relay_state = hidden_field(idp.body, "RelayState");
  REQUIRE(action);
  REQUIRE(saml_response);
  REQUIRE(relay_state);
  CHECK(*action == "http://127.0.0.1:" + std::to_string(ent.port()) + "/saml/acs");
  CHECK(*relay_state == service_url(ent.port()));
  CHECK(saml_response->size() > 200);
  CHECK(browser.cookies.count("TGC") == 0);  // not logged in to CAS yet

  Reply acs = browser.post_form("/saml/acs", {{"SAMLResponse", *saml_response}, {"RelayState", *relay_state}});
  CHECK(acs.status == 302);
  CHECK(browser.cookies.count("TGC") == 1);
  Reply portal = enter_with_ticket(browser, acs);
  CHECK(portal.body.find("(parent)") != std::string::npos);
  CHECK(browser.get("/api/messages?page=2").status == 200);

  SECTION("a SAML response is single use") {
    Client replay(ent.port());
    Reply again = replay.post_form("/saml/acs", {{"SAMLResponse", *saml_response}, {"RelayState", *relay_state}});
    CHECK(again.status == 403);
    CHECK(replay.cookies.count("TGC") == 0);
  }
}

TEST_CASE("without --saml a parent logs in like a student", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client browser(ent.port());
  Reply portal = log_in(browser, "parent0010");
  CHECK(portal.body.find("(parent)") != std::string::npos);
}

TEST_CASE("a teacher logs in and cannot hand in homework", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client browser(ent.port());
  Reply portal = log_in(browser, "teacher0002");
  CHECK(portal.body.find("(enseignant)") != std::string::npos);
  CHECK(browser.get("/api/homework").body.find("\"submitted\":") != std::string::npos);
  CHECK(browser.send("POST", "/api/homework/1/submit", "--b--", "multipart/form-data; boundary=b").status == 403);
}

TEST_CASE("teachers set homework and pupils cannot", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client teacher(ent.port());
  log_in(teacher, "teacher0001");
  auto set = teacher.send("POST", "/api/homework", R"({"title":"Exercices 3 à 7"})", "application/json");
  CHECK(set.status == 201);
  CHECK(set.body.find("\"assigned\"") != std::string::npos);
  CHECK(teacher.send("POST", "/api/homework", "", "application/json").status == 400);
  CHECK(teacher.send("POST", "/api/homework", "x", "text/plain").status == 400);

  Client pupil(ent.port());
  log_in(pupil, "student0001");
  CHECK(pupil.send("POST", "/api/homework", R"({"title":"x"})", "application/json").status == 403);
}

TEST_CASE("wrong credentials give the form again with an error", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client browser(ent.port());
  Reply form = open_login_form(browser);

  Reply wrong = submit_login(browser, form, "student0001", "Mdp-student0002");
  CHECK(wrong.status == 200);
  CHECK(wrong.body.find("Identifiant ou mot de passe incorrect") != std::string::npos);
  CHECK(browser.cookies.count("TGC") == 0);

  // Accounts exist up to the configured count only, in canonical spelling;
  // each error page carries a fresh form.
  Reply beyond = submit_login(browser, wrong, "student0041", "Mdp-student0041");
  CHECK(beyond.status == 200);
  CHECK(beyond.body.find("Identifiant ou mot de passe incorrect") != std::string::npos);
  Reply short_name = submit_login(browser, beyond, "student40", "Mdp-student40");
  CHECK(short_name.status == 200);
  CHECK(short_name.body.find("Identifiant ou mot de passe incorrect") != std::string::npos);
  CHECK(submit_login(browser, short_name, "student0040", "Mdp-student0040").status == 302);
}

TEST_CASE("execution tokens are single use and tied to their CAS session", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client browser(ent.port());
  Reply form = open_login_form(browser);

  // A wrong password uses the token up...
  Reply first = submit_login(browser, form, "student0001", "nope");
  CHECK(first.body.find("Identifiant ou mot de passe incorrect") != std::string::npos);
  // ...so replaying the same form with the right password fails.
  Reply replayed = submit_login(browser, form, "student0001", "Mdp-student0001");
  CHECK(replayed.status == 200);
  CHECK(replayed.body.find("Votre formulaire de connexion a expiré") != std::string::npos);
  CHECK(browser.cookies.count("TGC") == 0);

  // A fresh token from another browser's form is refused here.
  Client other(ent.port());
  Reply other_form = open_login_form(other);
  Reply stolen = submit_login(browser, other_form, "student0001", "Mdp-student0001");
  CHECK(stolen.status == 200);
  CHECK(stolen.body.find("expiré") != std::string::npos);

  // Without any token at all.
  Reply bare = browser.post_form("/cas/login?service=" + url_encode(service_url(ent.port())),
                                 {{"username", "student0001"}, {"password", "Mdp-student0001"}});
  CHECK(bare.status == 200);
  CHECK(bare.body.find("expiré") != std::string::npos);

  // The form that came with the last error is good.
  CHECK(submit_login(browser, bare, "student0001", "Mdp-student0001").status == 302);
}

TEST_CASE("execution tokens expire", "[sim][login]") {
  auto config = fast_config();
  config.execution_ttl = std::chrono::milliseconds(150);
  sim::Simulator ent(config);
  ent.start();
  Client browser(ent.port());
  Reply form = open_login_form(browser);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  Reply late = submit_login(browser, form, "student0001", "Mdp-student0001");
  CHECK(late.status == 200);
  CHECK(late.body.find("expiré") != std::string::npos);
}

TEST_CASE("service tickets are single use", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client browser(ent.port());
  Reply form = open_login_form(browser);
  Reply posted = submit_login(browser, form, "student0002", "Mdp-student0002");
  std::string ticket_target = posted.location_target();
  enter_with_ticket(browser, posted);

  Client thief(ent.port());
  Reply replay = thief.get(ticket_target);
  CHECK(replay.status == 302);
  CHECK(replay.location_target().rfind("/cas/login?service=", 0) == 0);
  CHECK(replay.headers_named("Set-Cookie").empty());
  CHECK(thief.get("/portal").status == 302);

  Reply forged = thief.get("/?ticket=ST-1-0123456789abcdef-rollcall");
  CHECK(forged.status == 302);
  CHECK(forged.location_target().rfind("/cas/login", 0) == 0);
}

TEST_CASE("requests without a session are sent to the login", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client browser(ent.port());
  std::string login = "/cas/login?service=" + url_encode(service_url(ent.port()));
  for (const char* target : {"/portal", "/api/timeline", "/api/homework", "/api/messages", "/docs/1.pdf"}) {
    INFO(target);
    Reply r = browser.get(target);
    CHECK(r.status == 302);
    CHECK(r.location_target() == login);
  }
  CHECK(browser.send("POST", "/api/homework/1/submit", "--b--", "multipart/form-data; boundary=b").location_target() ==
        login);
  browser.cookies["ENTSESSION"] = "0123456789abcdef0123456789abcdef";
  CHECK(browser.get("/portal").status == 302);
}

TEST_CASE("a CAS login is reused for the next service ticket", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client browser(ent.port());
  log_in(browser, "student0005");
  browser.cookies.erase("ENTSESSION");
  Reply entry = browser.get("/");
  Reply sso = browser.get(entry.location_target());
  CHECK(sso.status == 302);
  CHECK(sso.location_target().rfind("/?ticket=ST-", 0) == 0);
}

TEST_CASE("the session store is bounded: the oldest sessions go first", "[sim][login]") {
  auto config = fast_config();
  config.max_sessions = 2;
  sim::Simulator ent(config);
  ent.start();
  Client a(ent.port()), b(ent.port()), c(ent.port());
  log_in(a, "student0001");
  log_in(b, "student0002");
  log_in(c, "student0003");
  CHECK(a.get("/portal").status == 302);
  CHECK(b.get("/portal").status == 200);
  CHECK(c.get("/portal").status == 200);
}

TEST_CASE("sessions expire", "[sim][login]") {
  auto config = fast_config();
  config.session_ttl = std::chrono::milliseconds(200);
  sim::Simulator ent(config);
  ent.start();
  Client browser(ent.port());
  log_in(browser, "student0001");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(browser.get("/portal").status == 302);
}

TEST_CASE("the same seed gives the same tokens", "[sim][login]") {
  auto first_token = [](std::uint64_t seed) {
    auto config = fast_config();
    config.seed = seed;
    sim::Simulator ent(config);
    ent.start();
    Client browser(ent.port());
    return *hidden_field(open_login_form(browser).body, "execution");
  };
  CHECK(first_token(7) == first_token(7));
  CHECK(first_token(7) != first_token(8));
}

TEST_CASE("unknown paths and methods", "[sim][login]") {
  sim::Simulator ent(fast_config());
  ent.start();
  Client browser(ent.port());
  CHECK(browser.get("/nope").status == 404);
  CHECK(browser.get("/docs/abc.pdf").status == 404);
  CHECK(browser.send("DELETE", "/portal").status == 405);
  CHECK(browser.get("/saml/acs").status == 405);
  Reply health = browser.get("/health");
  CHECK(health.status == 200);
  CHECK(health.body == "ok\n");
  CHECK(browser.send("HEAD", "/health").body.empty());
}
