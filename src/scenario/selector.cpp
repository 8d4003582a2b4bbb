#include "scenario/selector.hpp"

#include <fmt/format.h>

namespace rollcall::scenario {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::optional<SelectorError> check_selector(std::string_view s) {
  if (s.empty()) return SelectorError{0, "empty selector: expected a tag, #id, .class or [attribute=value]"};
  std::size_t i = 0;
  auto name = [&] {
    const std::size_t start = i;
    while (i < s.size() && is_name_char(s[i])) ++i;
    return i > start;
  };
  if (s[0] == '*') ++i;
  else name();  // an optional tag
  while (i < s.size()) {
    const char c = s[i];
    const std::size_t at = i;
    if (c == '#' || c == '.') {
      ++i;
      if (!name()) return SelectorError{at, fmt::format("expected a name after '{}'", c)};
    } else if (c == '[') {
      ++i;
      if (!name()) return SelectorError{at, "expected an attribute name after '['"};
      if (i < s.size() && s[i] == '=') {
        ++i;
        if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
          const char quote = s[i++];
          while (i < s.size() && s[i] != quote) ++i;
          if (i >= s.size()) return SelectorError{at, "unterminated quoted value in [...]"};
          ++i;
        } else if (!name()) {
          return SelectorError{at, "expected a value after '=' (quote it if it has spaces)"};
        }
      }
      if (i >= s.size() || s[i] != ']') return SelectorError{at, "expected ']' to close '['"};
      ++i;
    } else if (c == ' ' || c == '>' || c == '+' || c == '~' || c == ',') {
      return SelectorError{at, "only simple selectors (tag, #id, .class, [attr=value], together) are supported: "
                               "no spaces, combinators or lists"};
    } else {
      return SelectorError{at, fmt::format("unexpected '{}' in a selector: expected #id, .class or [attribute]", c)};
    }
  }
  return std::nullopt;
}

}  // namespace rollcall::scenario
