#pragma once
// The simulated ENT's application: a CAS single sign-on in front of a portal
// and its APIs, with an optional SAML hop for parents. It turns one request
// into one response and keeps the state a real ENT keeps (login tokens,
// tickets, sessions); it does no I/O and knows nothing of workers or faults.
#include <chrono>
#include <string>
#include <string_view>

#include "sim/accounts.hpp"
#include "sim/endpoint.hpp"
#include "sim/expiring_map.hpp"
#include "sim/pages.hpp"
#include "sim/response.hpp"
#include "sim/tokens.hpp"

namespace rollcall::sim {

struct Config;

// What the ENT looks at in a request; views into the parsed request.
struct Request {
  std::string_view method;
  std::string_view target;
  std::string_view host;  // the Host header; may be empty
  std::string_view cookie;
  std::string_view content_type;
  std::string_view body;
};

class Ent {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Ent(const Config& config);

  // "127.0.0.1:8080": used in absolute URLs when a request has no Host.
  void set_authority(std::string authority) { authority_ = std::move(authority); }

  Response handle(const Request& request, Endpoint endpoint, Clock::time_point now);

  // Answers of the admission policy, not of the application.
  Response quota() const;
  Response waiting_room() const;
  Response error_status(unsigned status) const;

 private:
  std::uint64_t assigned_ = 0;  // homework set by teachers, for their ids

  struct Pending {  // a ticket or a SAML response, not yet used
    Account account;
    std::string service;
  };

  Response entry(const Request& r, Clock::time_point now);
  Response login_form(const Request& r, Clock::time_point now);
  Response login_post(const Request& r, Clock::time_point now);
  Response saml_acs(const Request& r, Clock::time_point now);
  Response ticket(const Request& r, Clock::time_point now);
  Response api(const Request& r, Endpoint e, const Account& who);
  Response logout(const Request& r);

  Response form_page(const Request& r, std::string_view service, std::string_view error, Clock::time_point now);
  Response to_login(const Request& r) const;
  Response to_service(std::string_view service, const Account& who, Clock::time_point now);
  std::string issue_tgc(Response& response, const Account& who, Clock::time_point now);
  std::string base_url(const Request& r) const;
  std::string cookie_attributes(std::string_view path) const;
  bool authorized_service(std::string_view service) const;
  const Account* session_of(const Request& r, Clock::time_point now) const;

  const Config& config_;
  Pages pages_;
  TokenSource tokens_;
  std::string scheme_;
  std::string authority_;
  ExpiringMap<std::string> executions_;  // execution token -> JSESSIONID it was issued to
  ExpiringMap<Pending> tickets_;         // ST-... -> account, service
  ExpiringMap<Pending> saml_responses_;  // SAMLResponse -> account, service (RelayState)
  ExpiringMap<Account> tgcs_;            // CAS ticket-granting cookie -> account
  ExpiringMap<Account> sessions_;        // portal session cookie -> account
};

}  // namespace rollcall::sim
