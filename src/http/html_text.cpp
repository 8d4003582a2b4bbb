#include "http/html_text.hpp"

#include "http/html_document.hpp"
#include "http/html_selector.hpp"
#include "http/html_tree.hpp"

namespace rollcall::http {

using namespace html;

std::string text_content(const GumboNode* root, bool skip_scripts) {
  std::string out;
  walk(root, [&](const GumboNode* n) {
    switch (n->type) {
      case GUMBO_NODE_TEXT: case GUMBO_NODE_WHITESPACE: case GUMBO_NODE_CDATA:
        out += n->v.text.text;
        return Walk::over;
      case GUMBO_NODE_ELEMENT:
        return skip_scripts && n->v.element.tag == GUMBO_TAG_SCRIPT ? Walk::over : Walk::into;
      default:
        return Walk::over;
    }
  });
  return out;
}

std::optional<std::string> find_text(const HtmlDocument& doc, const HtmlSelector& selector) {
  const GumboNode* n = selector.first_match(doc);
  if (!n) return std::nullopt;
  return std::string(trim(text_content(n)));
}

std::optional<std::string> find_text(std::string_view html, std::string_view selector) {
  const auto compiled = HtmlSelector::parse(selector);
  if (!compiled) return std::nullopt;
  return find_text(HtmlDocument(html), *compiled);
}

}  // namespace rollcall::http
