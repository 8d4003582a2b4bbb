#include "sim/endpoint.hpp"

#include <chrono>

namespace rollcall::sim {

namespace {

using namespace std::chrono_literals;

// Defaults: the login POST dominates, as password hashing and directory
// lookups do in a real CAS; APIs are cheap, the portal page is in between.
// /health costs nothing, so it measures the simulator itself.
constexpr std::array<EndpointInfo, endpoint_count> table{{
    {Endpoint::entry, "entry", "GET", "/", 2ms},
    {Endpoint::login_form, "login-form", "GET", "/cas/login", 5ms},
    {Endpoint::login_post, "login-post", "POST", "/cas/login", 60ms},
    {Endpoint::saml_acs, "saml-acs", "POST", "/saml/acs", 15ms},
    {Endpoint::ticket, "ticket", "GET", "/?ticket=ST-...", 10ms},
    {Endpoint::portal, "portal", "GET", "/portal", 20ms},
    {Endpoint::timeline, "timeline", "GET", "/api/timeline", 10ms},
    {Endpoint::homework, "homework", "GET", "/api/homework", 8ms},
    {Endpoint::messages, "messages", "GET", "/api/messages?page=N", 12ms},
    {Endpoint::document, "document", "GET", "/docs/ID.pdf", 5ms},
    {Endpoint::submit, "submit", "POST", "/api/homework/ID/submit", 30ms},
    {Endpoint::assign, "assign", "POST", "/api/homework", 25ms},
    {Endpoint::logout, "logout", "GET", "/cas/logout", 3ms},
    {Endpoint::health, "health", "GET", "/health", 0ms},
}};

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool has_query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    if (pair.substr(0, pair.find('=')) == name) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

// The endpoint for a path when the method matches; method_not_allowed when
// the path exists under another method.
Endpoint by_method(std::string_view method, std::string_view wanted, Endpoint e) {
  if (method == wanted || (wanted == "GET" && method == "HEAD")) return e;
  return Endpoint::method_not_allowed;
}

}  // namespace

const std::array<EndpointInfo, endpoint_count>& endpoints() { return table; }

const EndpointInfo& info(Endpoint e) { return table[static_cast<std::size_t>(e)]; }

std::optional<Endpoint> endpoint_named(std::string_view name) {
  for (const auto& e : table)
    if (e.name == name) return e.id;
  return std::nullopt;
}

std::string_view endpoint_names() {
  return "entry, login-form, login-post, saml-acs, ticket, portal, timeline, homework, messages, "
         "document, submit, assign, logout, health";
}

Endpoint route(std::string_view method, std::string_view target) {
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);

  if (path == "/")
    return by_method(method, "GET", has_query_param(query, "ticket") ? Endpoint::ticket : Endpoint::entry);
  if (path == "/cas/login") {
    if (method == "POST") return Endpoint::login_post;
    return by_method(method, "GET", Endpoint::login_form);
  }
  if (path == "/health") return by_method(method, "GET", Endpoint::health);
  if (path == "/portal") return by_method(method, "GET", Endpoint::portal);
  if (path == "/api/timeline") return by_method(method, "GET", Endpoint::timeline);
  if (path == "/api/homework") {
    if (method == "POST") return Endpoint::assign;
    return by_method(method, "GET", Endpoint::homework);
  }
  if (path == "/api/messages") return by_method(method, "GET", Endpoint::messages);
  if (path == "/saml/acs") return by_method(method, "POST", Endpoint::saml_acs);
  if (path == "/cas/logout") return by_method(method, "GET", Endpoint::logout);

  constexpr std::string_view docs = "/docs/", pdf = ".pdf";
  if (path.starts_with(docs) && path.ends_with(pdf) &&
      all_digits(path.substr(docs.size(), path.size() - docs.size() - pdf.size())))
    return by_method(method, "GET", Endpoint::document);

  constexpr std::string_view hw = "/api/homework/", submit = "/submit";
  if (path.starts_with(hw) && path.ends_with(submit) && path.size() > hw.size() + submit.size() &&
      all_digits(path.substr(hw.size(), path.size() - hw.size() - submit.size())))
    return by_method(method, "POST", Endpoint::submit);

  return Endpoint::not_found;
}

}  // namespace rollcall::sim
