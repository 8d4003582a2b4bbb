#pragma once
// What the loader works out from a whole flow once it is read: which
// responses must keep their body, whether each submit_form has a page to
// take its form from, and how many requests a journey sends.
#include <optional>
#include <vector>

#include "scenario/model.hpp"
#include "scenario/problem.hpp"

namespace rollcall::scenario {

// Sets keeps_body on every request and form step whose response is needed
// afterwards: for its own body-based expectations or extractions, or because
// a submit_form may come next (in flow order, through groups, branches and
// loop iterations). Fetch requests never provide the page: the engine keeps
// the last request or form response outside fetch groups as "the page".
// Reports a submit_form that no request can precede.
void analyse_flow(Persona& persona, Problems& problems);

// Requests a journey sends, redirects not counted: at least `min`, at most
// `max` (none when a templated repeat count makes it unbounded).
struct RequestCount {
  unsigned long min = 0;
  std::optional<unsigned long> max = 0;
};
RequestCount count_requests(const Steps& steps);

// The metrics-line names of a flow's steps as the engine names them, groups
// and fetches prefixing their requests' names ("portal > timeline"), in
// flow order, each once.
std::vector<std::string> step_names(const Steps& steps);

}  // namespace rollcall::scenario
