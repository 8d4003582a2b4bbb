#include "http/html_document.hpp"

#include <algorithm>
#include <cstring>
#include <memory_resource>

#include <gumbo.h>

#include "http/html_nesting_guard.hpp"

namespace rollcall::http {

namespace {

// Gumbo allocates from an arena that dies with the document: parsing is
// faster than with malloc, and the tree is never freed node by node (gumbo's
// own destructor recurses once per level of nesting).

void* arena_allocate(void* arena, std::size_t size) {
  return static_cast<std::pmr::memory_resource*>(arena)->allocate(std::max<std::size_t>(size, 1),
                                                                   alignof(std::max_align_t));
}

void arena_free(void*, void*) {}

}  // namespace

struct HtmlDocument::Impl {
  std::pmr::monotonic_buffer_resource arena{64 * 1024};
  std::string_view source;  // a copy of the page, in the arena
  GumboOutput* output = nullptr;
  std::string error;
};

HtmlDocument::HtmlDocument(std::string_view html) : impl_(std::make_unique<Impl>()) {
  if (html.size() > max_bytes) {
    impl_->error = "page larger than 16 MiB";
    return;
  }
  impl_->error = nesting_problem(html);
  if (!impl_->error.empty()) return;
  char* copy = static_cast<char*>(impl_->arena.allocate(html.size() + 1, 1));
  if (!html.empty()) std::memcpy(copy, html.data(), html.size());
  copy[html.size()] = '\0';
  impl_->source = {copy, html.size()};

  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &arena_allocate;
  options.deallocator = &arena_free;
  options.userdata = static_cast<std::pmr::memory_resource*>(&impl_->arena);
  options.max_errors = 0;  // nobody reads them, and garbage makes many
  impl_->output = gumbo_parse_with_options(&options, copy, html.size());
}

HtmlDocument::HtmlDocument(HtmlDocument&&) noexcept = default;
HtmlDocument& HtmlDocument::operator=(HtmlDocument&&) noexcept = default;
HtmlDocument::~HtmlDocument() = default;

const std::string& HtmlDocument::error() const noexcept { return impl_->error; }

const GumboInternalNode* HtmlDocument::root() const noexcept { return impl_->output ? impl_->output->document : nullptr; }

std::string_view HtmlDocument::source() const noexcept { return impl_->source; }

}  // namespace rollcall::http
