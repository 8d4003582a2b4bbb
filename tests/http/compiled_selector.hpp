#pragma once
// A selector as the scenario loader compiles it, for the HTML tests.
#include <string_view>

#include <catch2/catch.hpp>

#include "http/html_selector.hpp"

namespace rollcall::test {

inline http::HtmlSelector compiled(std::string_view text) {
  auto selector = http::HtmlSelector::parse(text);
  REQUIRE(selector);
  return *selector;
}

}  // namespace rollcall::test
