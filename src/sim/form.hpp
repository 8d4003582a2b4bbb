#pragma once
// The small parts of HTTP a web application parses itself: query strings,
// url-encoded form bodies, Cookie headers, and escaping for HTML.
#include <optional>
#include <string>
#include <string_view>

namespace rollcall::sim {

// Percent-decoding; `plus_is_space` for form bodies and query strings.

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string url_encode(std::string_view text);

// The decoded value of `name` in "a=1&b=2" (a query string or a form body).
std::optional<std::string> param(std::string_view params, std::string_view name);

// The query part of a request target, without the '?'.
std::string_view query_of(std::string_view target);
std::string_view path_of(std::string_view target);

// The value of cookie `name` in a Cookie header ("a=1; b=2").
std::optional<std::string_view> cookie(std::string_view header, std::string_view name);

std::string html_escape(std::string_view text);

std::string base64_encode(std::string_view data);

}  // namespace rollcall::sim
