#pragma once
// A page as a virtual user reads it, parsed once by gumbo, an HTML5 parser:
// the same tree a browser builds, entities decoded, whatever the markup's
// state. What is read from it lives beside it: forms (html_forms.hpp),
// elements picked by a selector (html_selector.hpp), text (html_text.hpp).
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct GumboInternalNode;  // gumbo.h's GumboNode, seen only by src/http

namespace rollcall::http {

// The page is copied: the string it was built from need not outlive it.
class HtmlDocument {
 public:
  // Gumbo's time grows with the page's size times the depth of the open
  // elements, and it frees its tree recursively. Pages beyond these bounds
  // (measured by a linear pre-scan, html_nesting_guard.hpp) are refused
  // rather than parsed.
  static constexpr std::size_t max_bytes = 16 * 1024 * 1024;
  static constexpr std::size_t max_depth = 512;        // what Chromium's parser allows, too
  static constexpr std::size_t max_attributes = 512;   // on one tag

  explicit HtmlDocument(std::string_view html);
  HtmlDocument(HtmlDocument&&) noexcept;
  HtmlDocument& operator=(HtmlDocument&&) noexcept;
  ~HtmlDocument();

  // Why the page was refused; empty when it was parsed.
  const std::string& error() const noexcept;

  // The document node, or null when the page was refused: a refused page
  // has no forms and no elements.
  const GumboInternalNode* root() const noexcept;
  // The page as parsed (the copy), which gumbo's positions point into.
  std::string_view source() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rollcall::http
