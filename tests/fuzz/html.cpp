// The HTML pre-scan (src/http/html_nesting_guard.cpp) promises that a page
// it lets through is never nested deeper than HtmlDocument::max_depth in the
// tree gumbo builds: it estimates the depth erring on the deep side. This
// checks the promise against gumbo's own tree. A page that underestimates by
// a little per repetition gets past the limit once repeated, so each input
// is also tried repeated up to 8 KiB. Accepted pages then go through the
// extractions virtual users run.
#include <string>
#include <vector>

#include <gumbo.h>

#include "fuzz_check.hpp"
#include "http/html_document.hpp"
#include "http/html_forms.hpp"
#include "http/html_selector.hpp"
#include "http/html_text.hpp"

using namespace rollcall;

namespace {

// Elements on the longest root-to-leaf path of gumbo's tree.
std::size_t tree_depth(const GumboNode* root) {
  std::size_t deepest = 0;
  std::vector<std::pair<const GumboNode*, std::size_t>> todo{{root, 0}};
  while (!todo.empty()) {
    const auto [n, depth] = todo.back();
    todo.pop_back();
    const GumboVector* children = nullptr;
    std::size_t here = depth;
    if (n->type == GUMBO_NODE_DOCUMENT) {
      children = &n->v.document.children;
    } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
      children = &n->v.element.children;
      here = depth + 1;
    }
    deepest = std::max(deepest, here);
    if (children)
      for (unsigned i = 0; i < children->length; ++i) todo.emplace_back(static_cast<const GumboNode*>(children->data[i]), here);
  }
  return deepest;
}

std::size_t gumbo_depth(const std::string& page) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // as HtmlDocument parses
  GumboOutput* output = gumbo_parse_with_options(&options, page.data(), page.size());
  const std::size_t depth = tree_depth(output->document);
  gumbo_destroy_output(&options, output);
  return depth;
}

void check_page(const std::string& page, bool extract) {
  const http::HtmlDocument doc(page);
  if (!doc.error().empty()) return;  // refused: gumbo never sees it
  const std::size_t depth = gumbo_depth(page);
  fuzz::check(depth <= http::HtmlDocument::max_depth,
              "the pre-scan let through a page gumbo nests " + std::to_string(depth) + " deep");
  if (!extract) return;
  for (const auto& form : http::forms_of(doc)) (void)http::select_form({form}, "");
  static const auto execution = http::HtmlSelector::parse("input[name=execution]");
  static const auto refresh = http::HtmlSelector::parse("meta[http-equiv=refresh]");
  static const auto title = http::HtmlSelector::parse("title");
  (void)http::find_attribute(doc, *execution, "value");
  (void)http::find_attribute(doc, *refresh, "content");
  (void)http::find_text(doc, *title);
}

}  // namespace

int fuzz_html(const std::uint8_t* data, std::size_t size) {
  const std::string page(fuzz::as_text(data, size));
  check_page(page, true);
  constexpr std::size_t repeated_bytes = 8 * 1024;
  if (size == 0 || size > repeated_bytes / 2) return 0;
  std::string repeated;
  while (repeated.size() + size <= repeated_bytes) repeated += page;
  check_page(repeated, false);
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_html(data, size); }
#endif
