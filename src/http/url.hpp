#pragma once
// The target of a request, as a load generator needs it: where to connect,
// whether to speak TLS, and what to put in the request line and Host header.
#include <cstdint>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

namespace rollcall::http {

struct Target {
  bool tls = false;
  std::string host;              // as written, brackets stripped from IPv6 literals
  std::uint16_t port = 0;
  std::string path_and_query;    // origin-form request target, never empty
  std::string host_header;       // host[:port], port omitted when it is the scheme's default

  std::string origin() const;    // scheme://host[:port], for messages
};

// Parses an absolute http:// or https:// URL. Throws UsageError naming what is
// wrong: a user typed it.
Target parse_target(std::string_view url);

// True when host is an IPv4 or IPv6 literal (no SNI, no DNS).
bool is_ip_literal(std::string_view host);

}  // namespace rollcall::http

namespace rollcall::http {

// Resolves a reference (absolute, or relative such as "/portal" or
// "?ticket=ST-1") against an absolute base URL, as a browser follows a link
// or a Location header. Nothing on a reference that is not a URL.
std::optional<std::string> resolve_url(std::string_view base, std::string_view reference);

// Splits an absolute http(s) URL into what a request needs. Unlike
// parse_target it never throws: the URL may come from a server.
std::optional<Target> split_url(std::string_view absolute);

// application/x-www-form-urlencoded: what a browser does to form fields.
void append_form_encoded(std::string& out, std::string_view text);

// The name=value pairs of a form body or a query, as written (still
// encoded); a pair without '=' has an empty value.
struct FormPair {
  std::string_view name, value;
};
std::vector<FormPair> split_form(std::string_view encoded);

}  // namespace rollcall::http
