#pragma once
// Shared by the simulator's tests: configurations and the login walk.
#include <string>

#include <catch2/catch.hpp>

#include "sim/client.hpp"
#include "sim/config.hpp"

namespace rollcall::test {

// A small ENT on a free port whose requests take no time: tests of
// behaviour should not wait for emulated workers.
inline sim::Config fast_config() {
  sim::Config c;
  c.port = 0;
  c.students = 40;
  c.parents = 10;
  c.teachers = 5;
  c.service_time.fill(rollcall::Duration::zero());
  return c;
}

inline std::string service_url(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port) + "/"; }

// GET / and follow the redirect to the CAS login form; returns the form page.
inline Reply open_login_form(Client& client) {
  Reply entry = client.get("/");
  REQUIRE(entry.status == 302);
  REQUIRE(entry.location_target().rfind("/cas/login?service=", 0) == 0);
  Reply form = client.get(entry.location_target());
  REQUIRE(form.status == 200);
  return form;
}

// Posts the login form with these credentials, using the form's own action
// and hidden fields, as a browser would.
inline Reply submit_login(Client& client, const Reply& form, const std::string& user, const std::string& password) {
  auto execution = hidden_field(form.body, "execution");
  auto event = hidden_field(form.body, "_eventId");
  auto action = form_action(form.body);
  REQUIRE(execution);
  REQUIRE(event);
  REQUIRE(action);
  return client.post_form(*action, {{"username", user}, {"password", password}, {"execution", *execution},
                                    {"_eventId", *event}});
}

// Follows a ticket redirect into the portal: checks the session cookie and
// the final redirect to /portal, and returns the portal page.
inline Reply enter_with_ticket(Client& client, const Reply& with_ticket) {
  REQUIRE(with_ticket.status == 302);
  REQUIRE(with_ticket.location_target().rfind("/?ticket=ST-", 0) == 0);
  Reply validated = client.get(with_ticket.location_target());
  REQUIRE(validated.status == 302);
  REQUIRE(validated.location_target() == "/portal");
  REQUIRE(client.cookies.count("ENTSESSION") == 1);
  Reply portal = client.get("/portal");
  REQUIRE(portal.status == 200);
  return portal;
}

inline Reply log_in(Client& client, const std::string& user) {
  Reply form = open_login_form(client);
  Reply posted = submit_login(client, form, user, "Mdp-" + user);
  return enter_with_ticket(client, posted);
}

}  // namespace rollcall::test
