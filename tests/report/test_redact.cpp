#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "report/redact.hpp"

using namespace rollcall::report;
namespace json = boost::json;

TEST_CASE("redaction removes passwords, tokens, secret headers and secret feeder columns") {
  const json::value config = json::parse(R"({
    "scenario": "student.yaml",
    "target": "https://ent.example.fr",
    "login": {"username": "${user}", "password": "hunter2", "remember": true},
    "api_token": "abc123", "ClientSecret": "s3cr3t", "tls": {"session_resumption": true},
    "headers": [{"name": "Authorization", "value": "Bearer xyz"}, {"name": "Accept", "value": "text/html"},
                "Cookie: JSESSIONID=42", "X-Trace: on"],
    "feeders": [{"file": "users.csv", "columns": ["login", "Password", "class"],
                 "sample": [["alice", "pw1", "3A"], ["bob", "pw2", "4B"]]}],
    "rate": 40
  })");
  const json::value out = redact(config);
  const std::string text = json::serialize(out);
  for (const char* secret : {"hunter2", "abc123", "s3cr3t", "xyz", "JSESSIONID", "pw1", "pw2"})
    CHECK(text.find(secret) == std::string::npos);
  const auto& o = out.as_object();
  CHECK(o.at("login").at("password").as_string() == "***");
  CHECK(o.at("login").at("username").as_string() == "${user}");
  CHECK(o.at("login").at("remember").as_bool());
  CHECK(o.at("api_token").as_string() == "***");
  CHECK(o.at("ClientSecret").as_string() == "***");
  CHECK(o.at("tls").at("session_resumption").as_bool());  // says whether, not what
  const auto& headers = o.at("headers").as_array();
  CHECK(headers[0].at("name").as_string() == "Authorization");
  CHECK(headers[0].at("value").as_string() == "***");
  CHECK(headers[1].at("value").as_string() == "text/html");
  CHECK(headers[2].as_string() == "Cookie: ***");
  CHECK(headers[3].as_string() == "X-Trace: on");
  const auto& sample = o.at("feeders").as_array()[0].at("sample").as_array();
  CHECK(sample[0].as_array()[0].as_string() == "alice");
  CHECK(sample[0].as_array()[1].as_string() == "***");
  CHECK(sample[1].as_array()[2].as_string() == "4B");
  CHECK(o.at("rate").as_int64() == 40);
  CHECK(o.at("target").as_string() == "https://ent.example.fr");
}

TEST_CASE("secret names are recognised whatever their spelling") {
  for (const char* name : {"password", "PASSWORD", "user_password", "passwd", "pwd", "token", "X-Auth-Token",
                           "access_token", "secret", "api-key", "ApiKey", "Authorization", "Proxy-Authorization",
                           "Cookie", "Set-Cookie", "session_id", "private_key", "credentials", "ticket", "SAMLResponse"})
    CHECK(is_secret_name(name));
  for (const char* name : {"username", "login", "target", "rate", "class", "headers", "scenario"})
    CHECK_FALSE(is_secret_name(name));
}
