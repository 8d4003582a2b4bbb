#pragma once
// A page's forms as a browser would submit them: which controls each form
// owns, which of them are successful, what the clicked button changes; and
// which form a scenario's submit_form means.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rollcall::http {

class HtmlDocument;

struct HtmlForm {
  std::string id, name;
  std::string action;   // as written (may be empty, relative or absolute); the caller resolves it
  std::string method;   // lowercase: "get" (also when absent or invalid), "post" or "dialog"
  std::string enctype;  // lowercase, "application/x-www-form-urlencoded" when absent or invalid
  // The successful controls a browser submits, in document order, values
  // as they are (the encoder turns line breaks into CRLF).
  std::vector<std::pair<std::string, std::string>> fields;
};

// The forms of a parsed page, in document order; none for a refused page.
std::vector<HtmlForm> forms_of(const HtmlDocument& doc);
// The same on a page parsed for this one question.
std::vector<HtmlForm> parse_forms(std::string_view html);

// "" = the first form; "#login" = by id; "3" = by index (0-based); otherwise
// by name attribute. Null when no form fits.
const HtmlForm* select_form(const std::vector<HtmlForm>& forms, std::string_view selector);

}  // namespace rollcall::http
