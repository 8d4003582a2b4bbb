#pragma once
// The simulated ENT's endpoints: what a request is, for routing, service
// times, capacity arithmetic and fault statistics.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "common/duration.hpp"

namespace rollcall::sim {

enum class Endpoint : unsigned char {
  entry,       // GET /            (no ticket: redirect to the login or the portal)
  login_form,  // GET /cas/login
  login_post,  // POST /cas/login
  saml_acs,    // POST /saml/acs
  ticket,      // GET /?ticket=ST-...
  portal,      // GET /portal
  timeline,    // GET /api/timeline
  homework,    // GET /api/homework
  messages,    // GET /api/messages?page=N
  document,    // GET /docs/ID.pdf
  submit,      // POST /api/homework/ID/submit
  assign,      // POST /api/homework        (a teacher sets homework)
  logout,      // GET /cas/logout
  health,      // GET /health
  // Answers that are not endpoints of the ENT; they never wait for a worker.
  not_found,
  method_not_allowed,
};

// Endpoints a user can name in --service-time and that --describe lists.
inline constexpr std::size_t endpoint_count = static_cast<std::size_t>(Endpoint::health) + 1;

struct EndpointInfo {
  Endpoint id;
  std::string_view name;    // as written in --service-time and --describe
  std::string_view method;
  std::string_view path;    // for people: /docs/ID.pdf
  Duration service_time;    // default
};

// One entry per endpoint, in enum order.
const std::array<EndpointInfo, endpoint_count>& endpoints();

const EndpointInfo& info(Endpoint e);
std::optional<Endpoint> endpoint_named(std::string_view name);

// "entry, login-form, ...": for error messages.
std::string_view endpoint_names();

// Which endpoint answers this request line (the target may carry a query).
Endpoint route(std::string_view method, std::string_view target);

}  // namespace rollcall::sim
