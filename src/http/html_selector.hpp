#pragma once
// Simple selectors, one element, no combinators: a tag or "*", then any of
// #id, .class, [attr], [attr=value], [attr~=value], [attr^=value],
// [attr$=value], [attr*=value], [attr|=value] (value bare or quoted), e.g.
// `input#execution`, `meta[http-equiv=refresh]`, `form[name=fm1]`,
// `a.download`. Ids and classes may contain ':' (JSF writes "form:user").
//
// Parsed by hand: the grammar is a dozen lines, and a CSS library would
// bring a whole selector engine for one compound selector.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct GumboInternalNode;

namespace rollcall::http {

class HtmlDocument;

// A selector compiled once, when the scenario is loaded, and matched
// against every page.
class HtmlSelector {
 public:
  // Nothing when `text` is not a selector of the grammar above; then
  // *error (if given) says what is wrong, e.g. "unbalanced '['" or "empty
  // selector".
  static std::optional<HtmlSelector> parse(std::string_view text, std::string* error = nullptr);

  HtmlSelector() = default;  // "*"

  // The first element in document order that matches, or null (template
  // contents are not part of the document).
  const GumboInternalNode* first_match(const HtmlDocument& doc) const;

 private:
  struct AttributeTest {
    std::string name;  // lowercase
    char op = 0;       // 0: present; '=', '~', '^', '$', '*', '|': as in CSS
    std::string value;
    // HTML compares some attributes' values case-insensitively, so that
    // meta[http-equiv=refresh] finds http-equiv="Refresh".
    bool case_insensitive = false;
  };
  friend class SelectorParser;

  bool matches(const GumboInternalNode* n) const;

  std::string tag_;  // lowercase; empty for any element
  std::vector<AttributeTest> tests_;
};

// The first matching element's attribute, or nothing if it has none (or
// nothing matches).
std::optional<std::string> find_attribute(const HtmlDocument& doc, const HtmlSelector& selector,
                                          std::string_view attribute);
// The same on a page parsed for this one question; nothing for an invalid
// selector.
std::optional<std::string> find_attribute(std::string_view html, std::string_view selector, std::string_view attribute);

}  // namespace rollcall::http
