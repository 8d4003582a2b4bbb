#pragma once
// What a failed step looked like from the user's side, for a person who
// must find out why: the answer's status, where the redirects ended, what
// kind of page it was, the part of the page where the expected text should
// have been, and the forms and ids the page does have. Built only when a
// step fails, and only for the few failures that are shown; every piece is
// redacted and printable.
#include <string>
#include <string_view>
#include <vector>

#include "engine/redactor.hpp"
#include "http/response_reader.hpp"

namespace rollcall::engine {

struct FailureDetail {
  std::string step;
  unsigned status = 0;               // 0: no answer
  std::string url;                   // the last URL asked for, secrets masked
  std::string content_type;
  std::string reason;                // why the step failed, as the summary says it
  std::string excerpt;               // about 300 characters of the page
  std::vector<std::string> nearby;   // forms and ids of the page, the closest to what was wanted first
};

// What the step looked for, to place the excerpt and order the suggestions.
struct Wanted {
  std::string_view text;      // a `contains` that was not found (rendered)
  std::string_view selector;  // a form that was not found (submit_form's selector)
};

FailureDetail describe_failure(std::string_view step, const http::ResponseData* response, std::string_view url,
                               std::string_view reason, const Wanted& wanted, const Redactor& redactor);

// Where in `body` the excerpt is centred: the longest beginning of `wanted`
// (at least 3 characters, case-insensitive) that the page has, or the start
// of the page's visible text. npos: the page is empty.
std::size_t excerpt_anchor(std::string_view body, std::string_view wanted);

// `value="..."` attributes of more than 12 characters masked: hidden fields
// carry the login flow's tokens (CAS's execution, SAML's messages), and a
// page shown back after a failed login may carry what was typed. Short
// values (a button's label, "submit") are kept.
std::string mask_field_values(std::string_view html);

}  // namespace rollcall::engine
