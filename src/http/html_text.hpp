#pragma once
// The text of an element, as a script reads textContent.
#include <optional>
#include <string>
#include <string_view>

struct GumboInternalNode;

namespace rollcall::http {

class HtmlDocument;
class HtmlSelector;

// The first matching element's text content, without leading and trailing
// whitespace; nothing when no element matches.
std::optional<std::string> find_text(const HtmlDocument& doc, const HtmlSelector& selector);
// The same on a page parsed for this one question; nothing for an invalid
// selector.
std::optional<std::string> find_text(std::string_view html, std::string_view selector);

// The concatenated text of `root`'s descendants (textContent), optionally
// without scripts' text, as an option's label is computed.
std::string text_content(const GumboInternalNode* root, bool skip_scripts = false);

}  // namespace rollcall::http
