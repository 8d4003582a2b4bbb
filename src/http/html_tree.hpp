#pragma once
// What the HTML files share, internal to src/http: ASCII string helpers as
// HTML defines them (whitespace, case folding), and the walk over gumbo's
// tree. Not for other layers: they see gumbo only through html_document.hpp.
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "common/ascii.hpp"

namespace rollcall::http::html {

// ------------------------------------------------------------ ASCII text
using ascii::iequals;
using ascii::lower;
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
std::string_view trim(std::string_view s);
// "strip and collapse ASCII whitespace", as an option's label is computed.
std::string collapse_spaces(std::string_view s);
inline std::string to_lower(std::string_view s) { return ascii::lower(s); }

// ------------------------------------------------------------- the tree
const GumboVector* children_of(const GumboNode* n);
inline const GumboNode* child(const GumboVector& v, std::size_t i) { return static_cast<const GumboNode*>(v.data[i]); }

enum class Walk { into, over, stop };

// Visits `root` and its descendants in tree order, without recursion (a
// page may nest 512 deep).
template <class Visit>
void walk(const GumboNode* root, Visit&& visit) {
  std::vector<const GumboNode*> todo{root};
  while (!todo.empty()) {
    const GumboNode* n = todo.back();
    todo.pop_back();
    const Walk w = visit(n);
    if (w == Walk::stop) return;
    const GumboVector* kids = w == Walk::into ? children_of(n) : nullptr;
    for (std::size_t i = kids ? kids->length : 0; i-- > 0;) todo.push_back(child(*kids, i));
  }
}

// An HTML element of that tag (not an SVG or MathML one).
bool is_element(const GumboNode* n, GumboTag tag);
// Attribute names compare case-insensitively.
const GumboAttribute* find_attr(const GumboNode* n, std::string_view name);
inline bool has_attr(const GumboNode* n, std::string_view name) { return find_attr(n, name) != nullptr; }
std::string attr_or(const GumboNode* n, std::string_view name, std::string_view fallback);
// Lowercase for the tags gumbo knows; as written for the others.
std::string_view tag_name(const GumboNode* n);

}  // namespace rollcall::http::html
