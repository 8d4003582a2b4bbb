#include "http/html_tree.hpp"

#include <algorithm>

namespace rollcall::http::html {

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if (!is_space(c))
      out += c;
    else if (out.back() != ' ')
      out += ' ';
  }
  return out;
}

const GumboVector* children_of(const GumboNode* n) {
  switch (n->type) {
    case GUMBO_NODE_DOCUMENT: return &n->v.document.children;
    case GUMBO_NODE_ELEMENT: case GUMBO_NODE_TEMPLATE: return &n->v.element.children;
    default: return nullptr;
  }
}

bool is_element(const GumboNode* n, GumboTag tag) {
  return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == tag && n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

const GumboAttribute* find_attr(const GumboNode* n, std::string_view name) {
  const GumboVector& attributes = n->v.element.attributes;
  for (std::size_t i = 0; i < attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attributes.data[i]);
    if (iequals(a->name, name)) return a;
  }
  return nullptr;
}

std::string attr_or(const GumboNode* n, std::string_view name, std::string_view fallback) {
  const GumboAttribute* a = find_attr(n, name);
  return std::string(a ? std::string_view(a->value) : fallback);
}

std::string_view tag_name(const GumboNode* n) {
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n->v.element.tag);
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return {piece.data, piece.length};
}

}  // namespace rollcall::http::html
