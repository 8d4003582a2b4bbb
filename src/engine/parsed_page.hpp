#pragma once
// A final answer as a step's checks and extractions read it, and the next
// submit_form after them: its HTML and JSON are parsed on first need, at
// most once, however many checks and extractions read them.
//
// What outlives the step is the forms only, kept in the response itself
// (ResponseData::forms, cleared with the body), for a submit_form on the
// page: a login form is a few hundred bytes, where a parsed document holds
// gumbo's tree in an arena of 64 KiB and more, per user, idle users
// included. The document and the JSON die with the ParsedPage, at the end
// of the step.
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "http/html_document.hpp"
#include "http/html_forms.hpp"
#include "http/response_reader.hpp"

namespace rollcall::engine {

class ParsedPage {
 public:
  explicit ParsedPage(http::ResponseData& response) : response_(response) {}
  ParsedPage(const ParsedPage&) = delete;
  ParsedPage& operator=(const ParsedPage&) = delete;

  const http::ResponseData& response() const noexcept { return response_; }
  const std::string& body() const noexcept { return response_.body; }

  const http::HtmlDocument& html();
  // The page's forms, read once per response.
  const std::vector<http::HtmlForm>& forms();
  // The forms, moved out for a submission that outlives the page (its
  // attempts replace the page with their answers).
  std::vector<http::HtmlForm> take_forms();
  // Null when the body is not JSON.
  const boost::json::value* json();

 private:
  http::ResponseData& response_;
  std::optional<http::HtmlDocument> html_;
  std::optional<boost::json::value> json_;
  bool json_tried_ = false;
};

}  // namespace rollcall::engine
