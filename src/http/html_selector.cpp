#include "http/html_selector.hpp"

#include <algorithm>
#include <array>

#include "http/html_document.hpp"
#include "http/html_tree.hpp"

namespace rollcall::http {

using namespace html;

namespace {

// Attributes whose values HTML matches case-insensitively in selectors, so
// that meta[http-equiv=refresh] finds http-equiv="Refresh".
bool value_is_case_insensitive(std::string_view attribute) {
  static constexpr std::array<std::string_view, 46> names = {
      "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked", "clear",
      "codetype", "color", "compact", "declare", "defer", "dir", "direction", "disabled", "enctype", "face",
      "frame", "hreflang", "http-equiv", "lang", "language", "link", "media", "method", "multiple", "nohref",
      "noresize", "noshade", "nowrap", "readonly", "rel", "rev", "rules", "scope", "scrolling", "selected",
      "shape", "target", "text", "type", "valign", "valuetype", "vlink"};
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return iequals(n, attribute); });
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view text) : s_(trim(text)) {}

  std::optional<HtmlSelector> parse(std::string* error) {
    HtmlSelector sel;
    if (compound(sel)) return sel;
    if (error) *error = std::move(error_);
    return std::nullopt;
  }

 private:
  bool fail(std::string why) {
    error_ = std::move(why);
    return false;
  }

  bool compound(HtmlSelector& sel) {
    if (s_.empty()) return fail("empty selector");
    if (s_[0] == '*') {
      ++i_;
    } else {
      sel.tag_ = to_lower(name(false));
      if (i_ < s_.size() && s_[i_] == ':') return fail("pseudo-classes (':...') are not supported");
    }
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '#' || c == '.') {
        ++i_;
        const auto n = name(true);
        if (n.empty()) return fail(std::string("expected a name after '") + c + "'");
        sel.tests_.push_back({c == '#' ? "id" : "class", c == '#' ? '=' : '~', std::string(n)});
      } else if (c == '[') {
        HtmlSelector::AttributeTest test;
        if (!attribute(test)) return false;
        sel.tests_.push_back(std::move(test));
      } else if (c == ']') {
        return fail("unbalanced ']'");
      } else if (is_space(c) || c == '>' || c == '+' || c == '~' || c == ',') {
        return fail("one element only: no spaces, combinators or lists (' ', '>', '+', '~', ',')");
      } else if (c == ':') {
        return fail("pseudo-classes (':...') are not supported");
      } else {
        return fail(std::string("unexpected '") + c + "' at offset " + std::to_string(i_));
      }
    }
    return true;
  }

  std::string_view name(bool colons) {
    const std::size_t start = i_;
    while (i_ < s_.size() && (is_name_char(s_[i_]) || (colons && s_[i_] == ':'))) ++i_;
    return s_.substr(start, i_ - start);
  }

  void skip_spaces() {
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  }

  bool attribute(HtmlSelector::AttributeTest& test) {
    ++i_;  // '['
    skip_spaces();
    test.name = to_lower(name(true));
    skip_spaces();
    if (i_ >= s_.size()) return fail("unbalanced '['");
    if (test.name.empty()) return fail("expected an attribute name after '['");
    if (s_[i_] == ']') {
      ++i_;
      return true;
    }
    if (s_[i_] == '=') {
      test.op = '=';
      ++i_;
    } else if (std::string_view("~^$*|").find(s_[i_]) != std::string_view::npos && i_ + 1 < s_.size() &&
               s_[i_ + 1] == '=') {
      test.op = s_[i_];
      i_ += 2;
    } else {
      return fail(std::string("unexpected '") + s_[i_] + "' in [" + test.name + "...]");
    }
    skip_spaces();
    if (i_ >= s_.size()) return fail("unbalanced '['");
    if (s_[i_] == '"' || s_[i_] == '\'') {
      const auto close = s_.find(s_[i_], i_ + 1);
      if (close == std::string_view::npos) return fail("unterminated quoted value");
      test.value = s_.substr(i_ + 1, close - i_ - 1);
      i_ = close + 1;
    } else {
      const std::size_t start = i_;
      while (i_ < s_.size() && !is_space(s_[i_]) && std::string_view("[]\"'").find(s_[i_]) == std::string_view::npos) ++i_;
      test.value = s_.substr(start, i_ - start);
      if (test.value.empty()) return fail(std::string("expected a value after '") + (test.op == '=' ? "" : std::string(1, test.op)) + "='");
    }
    skip_spaces();
    if (i_ >= s_.size()) return fail("unbalanced '['");
    if (s_[i_] != ']') return fail(std::string("expected ']' instead of '") + s_[i_] + "'");
    ++i_;
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string error_;
};

namespace {

// Whether an attribute's value `actual` passes the test `op` `want`.
bool value_matches(std::string_view actual, char op, bool ci, std::string_view want) {
  auto eq = [&](std::string_view a, std::string_view b) { return ci ? iequals(a, b) : a == b; };
  switch (op) {
    case '=':
      return eq(actual, want);
    case '~':
      for (std::size_t p = 0; p < actual.size();) {
        while (p < actual.size() && is_space(actual[p])) ++p;
        const std::size_t start = p;
        while (p < actual.size() && !is_space(actual[p])) ++p;
        if (p > start && eq(actual.substr(start, p - start), want)) return true;
      }
      return false;
    case '^':
      return !want.empty() && actual.size() >= want.size() && eq(actual.substr(0, want.size()), want);
    case '$':
      return !want.empty() && actual.size() >= want.size() && eq(actual.substr(actual.size() - want.size()), want);
    case '*':
      if (want.empty()) return false;
      for (std::size_t p = 0; p + want.size() <= actual.size(); ++p)
        if (eq(actual.substr(p, want.size()), want)) return true;
      return false;
    case '|':
      return eq(actual, want) || (actual.size() > want.size() && actual[want.size()] == '-' &&
                                  eq(actual.substr(0, want.size()), want));
    default:
      return true;
  }
}

}  // namespace

std::optional<HtmlSelector> HtmlSelector::parse(std::string_view text, std::string* error) {
  auto selector = SelectorParser(text).parse(error);
  if (selector)
    for (auto& test : selector->tests_) test.case_insensitive = value_is_case_insensitive(test.name);
  return selector;
}

bool HtmlSelector::matches(const GumboNode* n) const {
  if (n->type != GUMBO_NODE_ELEMENT) return false;
  if (!tag_.empty() && !iequals(tag_name(n), tag_)) return false;
  return std::all_of(tests_.begin(), tests_.end(), [&](const AttributeTest& test) {
    const GumboAttribute* a = find_attr(n, test.name);
    return a && value_matches(a->value, test.op, test.case_insensitive, test.value);
  });
}

const GumboNode* HtmlSelector::first_match(const HtmlDocument& doc) const {
  if (!doc.root()) return nullptr;
  const GumboNode* found = nullptr;
  walk(doc.root(), [&](const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEMPLATE) return Walk::over;  // template content is not in the document
    if (!matches(n)) return Walk::into;
    found = n;
    return Walk::stop;
  });
  return found;
}

std::optional<std::string> find_attribute(const HtmlDocument& doc, const HtmlSelector& selector,
                                          std::string_view attribute) {
  const GumboNode* n = selector.first_match(doc);
  const GumboAttribute* a = n ? find_attr(n, attribute) : nullptr;
  if (!a) return std::nullopt;
  return std::string(a->value);
}

std::optional<std::string> find_attribute(std::string_view html, std::string_view selector, std::string_view attribute) {
  const auto compiled = HtmlSelector::parse(selector);
  if (!compiled) return std::nullopt;
  return find_attribute(HtmlDocument(html), *compiled, attribute);
}

}  // namespace rollcall::http
