#pragma once
// What `rollcall try` prints while a journey runs: each exchange as it
// happens (method, URL, status, time, redirect hop by hop, cookies set by
// name), the form submit_form chose and the fields it sends, each value
// extracted, and for a failure what the page was. Secrets masked with the
// user's own values in hand (engine/redactor.hpp).
#include <chrono>
#include <cstdio>
#include <string>

#include "engine/journey_observer.hpp"
#include "scenario/model.hpp"

namespace rollcall::report {

class TryPrinter final : public engine::JourneyObserver {
 public:
  // `row`: the feeder row each journey takes (0-based), for the heading.
  TryPrinter(const scenario::Scenario& scenario, std::size_t row, std::FILE* out = stdout)
      : scenario_(scenario), row_(row), out_(out) {}

  void journey_started(const engine::VirtualUser& user) override;
  void exchanged(const engine::VirtualUser& user, const engine::Exchange& exchange) override;
  void form_chosen(const engine::VirtualUser& user, std::string_view step, const http::HtmlForm& form,
                   const engine::RequestText& submission) override;
  void extracted(const engine::VirtualUser& user, std::string_view variable, std::string_view value, bool secret) override;
  void step_failed(const engine::VirtualUser& user, const engine::FailureDetail& detail) override;
  void journey_ended(const engine::VirtualUser& user, engine::JourneyEnd end) override;

 private:
  void line(const std::string& text);

  const scenario::Scenario& scenario_;
  std::size_t row_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point started_;
  unsigned requests_ = 0;
  std::string failed_step_;
};

// "username=eleve1, password=***, execution=***": the fields of a form
// body (application/x-www-form-urlencoded), secret values masked.
std::string shown_fields(std::string_view body, const engine::Redactor& redactor);

}  // namespace rollcall::report
