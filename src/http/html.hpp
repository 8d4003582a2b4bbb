#pragma once
// What a virtual user reads in a page: its forms (as a browser would submit
// them) and the attributes or text of an element picked by a simple
// selector. Pages are parsed by gumbo, an HTML5 parser: the same tree a
// browser builds, entities decoded, whatever the markup's state.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rollcall::http {

struct HtmlForm {
  std::string id, name;
  std::string action;   // as written (may be empty, relative or absolute); the caller resolves it
  std::string method;   // lowercase: "get" (also when absent or invalid), "post" or "dialog"
  std::string enctype;  // lowercase, "application/x-www-form-urlencoded" when absent or invalid
  // The successful controls a browser submits, in document order, values
  // as they are (the encoder turns line breaks into CRLF).
  std::vector<std::pair<std::string, std::string>> fields;
};

// A page parsed once, for several extractions. The page is copied: the
// string it was built from need not outlive it.
class HtmlDocument {
 public:
  // Gumbo's time grows with the page's size times the depth of the open
  // elements, and it frees its tree recursively. Pages beyond these bounds
  // (measured by a linear pre-scan) are refused rather than parsed.
  static constexpr std::size_t max_bytes = 16 * 1024 * 1024;
  static constexpr std::size_t max_depth = 512;        // what Chromium's parser allows, too
  static constexpr std::size_t max_attributes = 512;   // on one tag

  explicit HtmlDocument(std::string_view html);
  HtmlDocument(HtmlDocument&&) noexcept;
  HtmlDocument& operator=(HtmlDocument&&) noexcept;
  ~HtmlDocument();

  // Why the page was refused; empty when it was parsed.
  const std::string& error() const noexcept;

  std::vector<HtmlForm> forms() const;
  // The first element in document order that matches `selector`: its
  // attribute, or nothing if it has none (or nothing matches).
  std::optional<std::string> find_attribute(std::string_view selector, std::string_view attribute) const;
  // Its text content, without leading and trailing whitespace.
  std::optional<std::string> find_text(std::string_view selector) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::vector<HtmlForm> parse_forms(std::string_view html);

// "" = the first form; "#login" = by id; "3" = by index (0-based); otherwise
// by name attribute. Null when no form fits.
const HtmlForm* select_form(const std::vector<HtmlForm>& forms, std::string_view selector);

// Simple selectors, one element, no combinators: a tag or "*", then any of
// #id, .class, [attr], [attr=value], [attr~=value], [attr^=value],
// [attr$=value], [attr*=value], [attr|=value] (value bare or quoted), e.g.
// `input#execution`, `meta[http-equiv=refresh]`, `form[name=fm1]`,
// `a.download`. Ids and classes may contain ':' (JSF writes "form:user").
std::optional<std::string> find_attribute(std::string_view html, std::string_view selector, std::string_view attribute);
std::optional<std::string> find_text(std::string_view html, std::string_view selector);

// Checks a selector at load time; on failure sets *error (if given) to what
// is wrong, e.g. "unbalanced '['" or "empty selector".
bool valid_selector(std::string_view selector, std::string* error);

}  // namespace rollcall::http
