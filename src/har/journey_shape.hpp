#pragma once
// The journey a recording shows, in the scenario's terms: which requests
// are kept (the listed hosts' documents and API calls; static assets only
// with --keep-assets), which are redirect hops of the request before them
// (the engine follows those itself), which API calls went out together (a
// `fetch`), the pauses between steps, and each step's name.
#include <string>
#include <vector>

#include "har/har_file.hpp"

namespace rollcall::har {

struct ShapeOptions {
  std::vector<std::string> hosts;  // empty: the host of the first document request
  bool keep_assets = false;
};

// One request as the scenario sends it, with the hops a browser followed
// after it: `hops[0]` is the request itself, the last is the final answer.
struct Exchange {
  std::vector<const Entry*> hops;
  std::string name;                      // the step's line in the report
  std::vector<std::string> redirect_names;  // one per hop after the first

  const Entry& request() const { return *hops.front(); }
  const Entry& answer() const { return *hops.back(); }
};

// A step of the flow: one page load or API call, or API calls that went
// out together (`fetch`, more than one exchange).
struct ShapedStep {
  std::vector<Exchange> exchanges;
  bool is_page = false;          // a document: the page a later submit_form reads
  double think_before_ms = 0;    // the pause before it, as recorded (0 for the first)
  std::string fetch_name;        // for a fetch
};

struct Journey {
  std::string target;       // scheme://host[:port] of the first kept document
  std::vector<std::string> hosts;
  std::vector<ShapedStep> steps;
  std::size_t dropped_assets = 0, dropped_other_hosts = 0;
  std::vector<double> pauses_ms;  // the pauses between steps, each capped at max_think_ms
  // Every entry of the recording, kept or not: a password posted to a
  // dropped request is a secret all the same wherever else it shows.
  std::vector<const Entry*> recorded;
};

// Recorded pauses longer than this are someone reading the page, making
// coffee or typing in another window; a load test keeps them at this.
inline constexpr double max_think_ms = 30'000;

// Throws HarError when nothing is left to replay (no document request on
// the hosts, say).
Journey shape_journey(const Recording& recording, const ShapeOptions& options);

// A step's name from a URL's path: "/cas/login" -> "cas-login", "/" ->
// "home"; segments that look like tokens or ids ("e1s1-4f0c...",
// "84213", "3f2a...-...") are dropped, so no name carries a secret.
std::string name_from_path(const std::string& url);
bool looks_like_token(const std::string& segment);

}  // namespace rollcall::har
