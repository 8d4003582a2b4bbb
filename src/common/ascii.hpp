#pragma once
// ASCII text as the protocols define it: header names, cookie attributes,
// host names and hlog fields fold case and trim blanks byte by byte, never
// by the locale (a Turkish locale's tolower('I') must not change a header).
#include <algorithm>
#include <string>
#include <string_view>

namespace rollcall::ascii {

inline char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

inline bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Spaces and tabs: HTTP's optional whitespace (RFC 9110 §5.6.3), and what
// separates the fields of a list a user types.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace rollcall::ascii
