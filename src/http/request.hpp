#pragma once
// A request as bytes on the wire. A raw benchmark sends the same request
// millions of times, so it is serialized once and the bytes reused.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/url.hpp"

namespace rollcall::http {

struct Header {
  std::string name;
  std::string value;
};

struct RequestSpec {
  std::string method = "GET";
  std::vector<Header> headers;   // user headers; Host, Content-Length and User-Agent are added unless given
  std::string body;
};

// Parses "Name: value" as given to -H. Throws UsageError on a missing colon,
// an empty or invalid name, or a CR/LF in the value (header injection).
Header parse_header(std::string_view text);

// Validates a method token (RFC 9110: tchar+). Throws UsageError.
std::string validate_method(std::string_view method);

struct Proxy;

// The HTTP/1.1 request: request line, headers, blank line, body. Through a
// proxy (`forward`, plain http), the request line carries the absolute URL
// and the proxy's credentials go along.
std::string serialize_request(const Target& target, const RequestSpec& spec, const Proxy* forward = nullptr);

}  // namespace rollcall::http
