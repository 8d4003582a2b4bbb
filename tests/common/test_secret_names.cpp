#include <catch2/catch.hpp>

#include "common/secret_names.hpp"

using rollcall::looks_secret;

TEST_CASE("secret names: credentials, tokens, tickets and SAML messages in any spelling") {
  for (const char* name : {"password", "PASSWORD", "user_password", "passwd", "pwd", "token", "X-Auth-Token",
                           "access_token", "client_secret", "api-key", "ApiKey", "Authorization", "Proxy-Authorization",
                           "Cookie", "Set-Cookie", "session_id", "JSESSIONID", "private_key", "credentials", "ticket",
                           "st_ticket", "SAMLResponse", "SAMLRequest", "RelayState", "_csrf", "X-XSRF-TOKEN", "execution",
                           "assertion_id"})
    CHECK(looks_secret(name));
  for (const char* name : {"username", "login", "email", "class", "uai", "pass", "target", "rate", "service", "_eventId"})
    CHECK_FALSE(looks_secret(name));
}
