#include <catch2/catch.hpp>

#include "common/usage_error.hpp"
#include "http/url.hpp"

using rollcall::UsageError;
using rollcall::http::parse_target;

TEST_CASE("targets from URLs") {
  auto t = parse_target("http://127.0.0.1:8080/cas/login?service=https%3A%2F%2Fent");
  CHECK_FALSE(t.tls);
  CHECK(t.host == "127.0.0.1");
  CHECK(t.port == 8080);
  CHECK(t.path_and_query == "/cas/login?service=https%3A%2F%2Fent");
  CHECK(t.host_header == "127.0.0.1:8080");

  auto s = parse_target("https://ent.example.fr");
  CHECK(s.tls);
  CHECK(s.port == 443);
  CHECK(s.path_and_query == "/");
  CHECK(s.host_header == "ent.example.fr");

  auto v6 = parse_target("http://[::1]:9000/x");
  CHECK(v6.host == "::1");
  CHECK(v6.host_header == "[::1]:9000");
}

TEST_CASE("URLs that are not targets") {
  CHECK_THROWS_AS(parse_target("localhost:8080"), UsageError);
  CHECK_THROWS_AS(parse_target("ftp://host/"), UsageError);
  CHECK_THROWS_AS(parse_target("http:///path"), UsageError);
  CHECK_THROWS_AS(parse_target("http://user:pw@host/"), UsageError);
  CHECK_THROWS_AS(parse_target("http://host:0/"), UsageError);
  CHECK_THROWS_AS(parse_target("http://host:99999/"), UsageError);
}

TEST_CASE("IP literals") {
  CHECK(rollcall::http::is_ip_literal("127.0.0.1"));
  CHECK(rollcall::http::is_ip_literal("::1"));
  CHECK_FALSE(rollcall::http::is_ip_literal("localhost"));
}

TEST_CASE("a host that percent-decodes to what a host name cannot hold is not a target") {
  CHECK_THROWS_AS(parse_target("http://ent%0d%0aX-Admin%3a%201.example.fr/"), UsageError);
  CHECK_THROWS_AS(parse_target("http://ent%00.example.fr/"), UsageError);
  CHECK_THROWS_AS(parse_target("http://ent%20x.example.fr/"), UsageError);
  CHECK_FALSE(rollcall::http::split_url("http://ent%0a.example.fr/"));
  CHECK(parse_target("http://ent-1.example_x.fr/").host == "ent-1.example_x.fr");
  CHECK(parse_target("http://xn--lyce-dpa.fr/").host == "xn--lyce-dpa.fr");
}
