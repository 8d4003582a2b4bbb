#pragma once
// The pre-scan that keeps gumbo linear. Gumbo 0.10.1 checks element scopes
// by walking its stack of open elements, so a page nested N deep costs N
// times its size (100,000 nested <div>s take minutes), and a tag with A
// distinct attributes costs A². This pass tokenizes the page as HTML does
// and replays the tree builder's rules that decide the stack's depth,
// erring on the deep side: stack plus the list of active formatting
// elements (which the parser may reopen all at once). It is linear,
// allocation-light, and refuses what would be slow.
//
// Written by hand: no library measures a page's nesting without building
// its tree, which is the cost to avoid. tests/fuzz/html.cpp checks it
// against the depth of the tree gumbo builds.
#include <string>
#include <string_view>

namespace rollcall::http {

// Empty when gumbo may parse the page within HtmlDocument's bounds, else
// why not, e.g. "elements nested more than 512 deep".
std::string nesting_problem(std::string_view html);

}  // namespace rollcall::http
