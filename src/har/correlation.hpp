#pragma once
// Correlation: every value a later request sends that an earlier answer
// gave (a form's hidden field, a CAS execution token, an id in JSON, a
// CSRF cookie copied into a header) becomes an extraction on the step
// that received it and a template where it is sent. The typed username
// and password become the feeder's columns. Cookies stay with the jar.
//
// Where the value is found decides the extraction: a form field (or, when
// the whole post is the previous page's form, submit_form keeps it by
// itself), a JSON pointer, a cookie, a header, and a regex around the
// value in the page as the last resort. Nothing recorded that is a secret
// (a password, a cookie's value, a ticket, a token no answer gave) is ever
// copied into what this produces.
#include <string>
#include <string_view>
#include <vector>

#include "har/journey_shape.hpp"

namespace rollcall::har {

struct Extraction {
  std::string variable;
  std::string kind;         // "form", "json", "cookie", "header", "regex"
  std::string selector;     // form: "#fm1", a name or an index
  std::string field;        // form: the field's name
  std::string pointer;      // json
  std::string name;         // cookie or header name
  std::string regex;        // regex
  bool secret = false;
  std::string origin;       // where the value came from, for a comment
};

struct FormSubmission {
  std::string selector;                    // "#fm1", a name, or an index
  std::string page_step;                   // the step whose page holds the form
  std::vector<NameValue> fields;           // what the step sets: templates
  std::vector<std::string> kept;           // the form's own fields it keeps (names only)
  // Fields the browser sent with another value than the page's, a secret
  // no earlier answer gave: not written, so submit_form sends the page's
  // own value rather than an empty one.
  std::vector<std::string> left_to_page;
};

// One request as the scenario writes it.
struct TemplatedRequest {
  std::string method;
  std::string url;                          // template: relative to the target on its origin
  bool is_submit_form = false;
  FormSubmission form_submission;
  std::vector<NameValue> form;              // form-encoded body: templates
  std::string body;                         // another body: a template
  std::vector<NameValue> headers;           // headers it needs beyond the defaults: templates
  int expected_status = 0;
  std::vector<Extraction> extractions;      // taken from its answer, for later requests
  std::vector<std::string> notes;           // what the importer decided, for a comment
};

struct Correlation {
  // requests[step][exchange], as journey.steps
  std::vector<std::vector<TemplatedRequest>> requests;
  bool uses_username = false, uses_password = false;
  // Values from the recording that must never be written: the typed
  // credentials, cookies' values, tickets, values of secret-named fields.
  std::vector<std::string> secrets;
};

Correlation correlate(const Journey& journey);

// Inside a longer value, a recorded secret shorter than this is chance, not
// a leak (a login "jo" in "journey"): the correlator and the last guard
// look for those only as a whole value.
constexpr std::size_t shortest_secret_inside = 4;

// True when `text` holds one of `secrets` (Correlation::secrets, or the
// correlator's own set): what the importer writes must not, be it a
// recorded header, a body or the whole scenario.
template <class Secrets>
bool holds_recorded_secret(std::string_view text, const Secrets& secrets) {
  for (const std::string& s : secrets)
    if (!s.empty() && text.find(s) != std::string_view::npos) return true;
  return false;
}

// True when a posted field's name says it is the user's login name.
bool looks_like_username_field(const std::string& name);
bool looks_like_password_field(const std::string& name);

}  // namespace rollcall::har
