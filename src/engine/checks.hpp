#pragma once
// What a journey does with a final answer: check it against the step's
// expectations, then take the values the scenario extracts from it. Both
// read the same ParsedPage: the body is parsed once for all of them.
#include <optional>
#include <string>
#include <vector>

#include "engine/journey_stats.hpp"
#include "engine/parsed_page.hpp"
#include "http/response_reader.hpp"
#include "scenario/model.hpp"

namespace rollcall::engine {

struct VirtualUser;

struct CheckResult {
  Outcome outcome = Outcome::success;
  std::string message;  // why, in words; never a secret value
  // The text a `contains` looked for, rendered: where a failure's excerpt
  // is placed. May hold a secret: never printed.
  std::string expected;
};

// A status the step lists passes; otherwise 4xx/5xx is an HTTP error and
// anything else unexpected an expectation failure. Without a list, any
// status below 400 passes.
CheckResult check_response(const scenario::Expect& expect, ParsedPage& page, const scenario::RenderContext& context);

// Sets the user's variables from the response; returns what could not be
// found (a non-optional extraction), or nothing.
std::optional<std::string> extract_values(const std::vector<scenario::Extraction>& extract, ParsedPage& page,
                                          VirtualUser& user);

}  // namespace rollcall::engine
