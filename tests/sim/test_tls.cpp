// --tls in-process: a verifiable certificate, and the same ENT behind it.
#include <catch2/catch.hpp>

#include "sim/helpers.hpp"
#include "sim/simulator.hpp"

using namespace rollcall;
using namespace rollcall::test;

TEST_CASE("over TLS the login works and cookies are Secure", "[sim][tls]") {
  auto config = fast_config();
  config.tls = true;
  sim::Simulator ent(config);
  ent.start();
  CHECK(ent.url() == "https://127.0.0.1:" + std::to_string(ent.port()));
  REQUIRE(ent.certificate_pem().rfind("-----BEGIN CERTIFICATE-----", 0) == 0);

  Client browser(ent.port(), ent.certificate_pem());
  Reply entry = browser.get("/");
  CHECK(entry.header("Location").rfind("https://127.0.0.1:", 0) == 0);
  Reply form = browser.get(entry.location_target());
  Reply posted = submit_login(browser, form, "student0001", "Mdp-student0001");
  for (const auto& cookie : posted.headers_named("Set-Cookie")) CHECK(cookie.find("; Secure") != std::string::npos);
  Reply portal = enter_with_ticket(browser, posted);
  CHECK(portal.body.find("Bonjour") != std::string::npos);
}

TEST_CASE("a client that does not trust the certificate fails the handshake", "[sim][tls]") {
  auto config = fast_config();
  config.tls = true;
  sim::Simulator ent(config);
  ent.start();
  sim::Simulator other(config);
  other.start();
  // Each start makes a new key: the other simulator's certificate is no use.
  Client browser(ent.port(), other.certificate_pem());
  CHECK_THROWS(browser.get("/health"));
}
