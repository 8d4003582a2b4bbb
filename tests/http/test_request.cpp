#include <catch2/catch.hpp>

#include "common/usage_error.hpp"
#include "http/request.hpp"
#include "http/url.hpp"

using namespace rollcall::http;

TEST_CASE("a GET is serialized with Host and User-Agent") {
  RequestSpec spec;
  const auto bytes = serialize_request(parse_target("http://127.0.0.1:8080/portal"), spec);
  CHECK(bytes.rfind("GET /portal HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: rollcall/", 0) == 0);
  CHECK(bytes.size() > 4);
  CHECK(bytes.substr(bytes.size() - 4) == "\r\n\r\n");
  CHECK(bytes.find("Content-Length") == std::string::npos);
}

TEST_CASE("a POST carries its body and length and user headers win") {
  RequestSpec spec;
  spec.method = "POST";
  spec.body = "username=a&password=b";
  spec.headers.push_back(parse_header("User-Agent: Mozilla/5.0"));
  spec.headers.push_back(parse_header("Content-Type:application/x-www-form-urlencoded"));
  const auto bytes = serialize_request(parse_target("http://ent/cas/login"), spec);
  CHECK(bytes.find("POST /cas/login HTTP/1.1\r\n") == 0);
  CHECK(bytes.find("User-Agent: Mozilla/5.0\r\n") != std::string::npos);
  CHECK(bytes.find("rollcall/") == std::string::npos);
  CHECK(bytes.find("Content-Type: application/x-www-form-urlencoded\r\n") != std::string::npos);
  CHECK(bytes.find("Content-Length: 21\r\n\r\nusername=a&password=b") != std::string::npos);
}

TEST_CASE("headers and methods are validated") {
  CHECK(parse_header("X-Test:  a b  ").value == "a b");
  CHECK_THROWS_AS(parse_header("no colon"), rollcall::UsageError);
  CHECK_THROWS_AS(parse_header(": empty name"), rollcall::UsageError);
  CHECK_THROWS_AS(parse_header("Bad Name: x"), rollcall::UsageError);
  CHECK_THROWS_AS(parse_header("X: a\r\nInjected: b"), rollcall::UsageError);
  CHECK(validate_method("PATCH") == "PATCH");
  CHECK_THROWS_AS(validate_method("GE T"), rollcall::UsageError);
  CHECK_THROWS_AS(validate_method(""), rollcall::UsageError);
}
