#pragma once
// What may be shown of a user's exchanges: `rollcall try`, the failure
// details of a run's summary and the HAR of --trace-failures print URLs,
// form fields and pages that carry passwords, tickets and session tokens.
// A redactor masks them with the user's own secrets in hand: the values of
// its secret variables (feeder columns, extractions named or marked
// secret) and the scenario's ${env(...)} values, plus whatever is named
// like a secret (common/secret_names.hpp) and runs of characters that read
// like a token.
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model.hpp"

namespace rollcall::engine {

inline constexpr std::string_view masked = "***";

class Redactor {
 public:
  Redactor(const scenario::Scenario& scenario, const scenario::Variables& variables);

  // Free text (part of a page, a header's value): secret values, also as
  // they appear URL-encoded, and token-like runs masked.
  std::string text(std::string_view in) const;
  // A URL: the values of query parameters named like secrets or holding a
  // secret value masked, a ";jsessionid=" path parameter too, each piece
  // through text().
  std::string url(std::string_view in) const;
  // Whether a named value (a form field, a header, a cookie, a variable)
  // must not be shown.
  bool hides(std::string_view name, std::string_view value) const;
  // A named value as it may be shown.
  std::string value(std::string_view name, std::string_view value) const;

 private:
  std::vector<std::string> secrets_;  // longest first, so that a longer secret is masked whole
};

// Runs of characters of [A-Za-z0-9_+~-] that read like tokens, tickets or
// session ids are masked: 20 and more mixing letters and digits, 16 hex
// digits and more, 16 and more whose case changes inside (base64url), any
// run of 32 and more. Words, names and paths are left.
std::string mask_tokens(std::string_view in);

}  // namespace rollcall::engine
