#pragma once
// What the simulated ENT sends back: HTML pages, JSON documents and a PDF,
// with the sizes of a real ENT's (a ~30 KB portal, a ~5 KB timeline). Static
// ones are built once; personal ones are filled in per request.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/accounts.hpp"

namespace rollcall::sim {

struct Config;

class Pages {
 public:
  explicit Pages(const Config& config);

  // The CAS login form; `action` is the form's target (with its ?service=).
  std::string login_form(std::string_view action, std::string_view execution, std::string_view error) const;
  // The identity provider's answer: a form the browser submits by itself.
  std::string saml_post(std::string_view acs_url, std::string_view saml_response, std::string_view relay_state) const;
  std::string portal(std::string_view display_name, Role role) const;
  std::string redirect(std::string_view location) const;
  std::string notice(std::string_view title, std::string_view text) const;

  const std::string& quota() const { return quota_; }
  const std::string& waiting_room() const { return waiting_room_; }
  const std::string& timeline() const { return timeline_; }
  const std::string& homework(Role role) const { return role == Role::teacher ? homework_teacher_ : homework_pupil_; }
  // Page 1..message_pages() of the inbox.
  const std::string& messages(std::size_t page) const { return messages_[page - 1]; }
  std::size_t message_pages() const { return messages_.size(); }
  const std::string& document() const { return document_; }
  const std::string& health() const { return health_; }

 private:
  std::string portal_head_, portal_tail_;
  std::string quota_, waiting_room_, timeline_, homework_pupil_, homework_teacher_, document_, health_;
  std::vector<std::string> messages_;
};

}  // namespace rollcall::sim
