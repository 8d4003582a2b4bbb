#include "har/scenario_writer.hpp"
#include "common/ascii.hpp"
#include "http/url.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace rollcall::har {

namespace {

// Long comments are folded at 78 columns, each line starting with `indent# `.
void comment(std::string& out, const std::string& indent, const std::string& text) {
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    auto space = text.find(' ', start);
    if (space == std::string::npos) space = text.size();
    const std::string word = text.substr(start, space - start);
    start = space + 1;
    if (!line.empty() && indent.size() + 2 + line.size() + 1 + word.size() > 78) {
      out += indent + "# " + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + "# " + line + "\n";
}

std::string flow_map(const std::vector<NameValue>& pairs) {
  std::string out = "{";
  for (std::size_t i = 0; i < pairs.size(); ++i)
    out += (i ? ", " : "") + yaml_quoted(pairs[i].first) + ": " + yaml_quoted(pairs[i].second);
  return out + "}";
}

std::string extraction_yaml(const Extraction& e) {
  std::string out = "{";
  if (e.kind == "form") out += "form: " + yaml_quoted(e.selector) + ", field: " + yaml_quoted(e.field);
  else if (e.kind == "json") out += "json: " + yaml_quoted(e.pointer);
  else if (e.kind == "cookie") out += "cookie: " + yaml_quoted(e.name);
  else if (e.kind == "header") out += "header: " + yaml_quoted(e.name);
  else out += "regex: " + yaml_quoted(e.regex);
  if (e.secret) out += ", secret: true";
  return out + "}";
}

// The keys of one request step, below its kind line, at `indent`.
void request_body(std::string& out, const std::string& indent, const Exchange& x, const TemplatedRequest& r,
                  const std::string& default_accept, const std::vector<std::string>& secrets) {
  out += indent + "name: " + yaml_quoted(x.name) + "\n";
  if (!r.form.empty()) out += indent + "form: " + flow_map(r.form) + "\n";
  if (!r.body.empty()) out += indent + "body: " + yaml_quoted(r.body) + "\n";
  if (!r.is_submit_form) {
    auto headers = r.headers;
    // A script's call says what it accepts (JSON), not what a page load
    // does. Not a header holding a recorded secret: no browser puts a
    // password there, and a recording is no one's promise.
    const std::string accept = x.request().request_header("accept");
    if (x.request().resource_type != "document" && !accept.empty() && accept != default_accept &&
        !holds_recorded_secret(accept, secrets))
      headers.emplace_back("Accept", accept);
    if (!headers.empty()) out += indent + "headers: " + flow_map(headers) + "\n";
  }
  if (!x.redirect_names.empty()) {
    std::string names;
    for (const auto& n : x.redirect_names) names += (names.empty() ? "" : ", ") + yaml_quoted(n);
    out += indent + "redirects: {names: [" + names + "]}\n";
  }
  const int status = r.expected_status;
  if (status > 0 && !(status >= 300 && status < 400)) out += indent + fmt::format("expect: {{status: {}}}\n", status);
  if (!r.extractions.empty()) {
    out += indent + "extract:\n";
    for (const auto& e : r.extractions) {
      comment(out, indent + "  ", e.origin);
      out += indent + "  " + e.variable + ": " + extraction_yaml(e) + "\n";
    }
  }
}

std::string kind_key(const std::string& method) { return ascii::lower(method); }

bool supported_method(const std::string& m) {
  return m == "GET" || m == "POST" || m == "PUT" || m == "DELETE" || m == "PATCH" || m == "HEAD";
}

// Where a value copied from the recording would stand whole in the
// scenario: a quoted scalar, a query or form value, a path segment, plain
// or percent-encoded.
bool stands_whole(std::string_view yaml, const std::string& value) {
  const auto holds = [yaml](const std::string& text) { return yaml.find(text) != std::string_view::npos; };
  if (holds(yaml_quoted(value))) return true;
  std::string encoded;
  http::append_form_encoded(encoded, value);
  for (const std::string& v : {value, encoded}) {
    for (const char after : {'&', '#', '"'})
      if (holds("=" + v + after)) return true;
    for (const char after : {'/', '?', '#', '"'})
      if (holds("/" + v + after)) return true;
  }
  return false;
}

}  // namespace

bool scenario_holds_recorded_secret(std::string_view yaml, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    const bool found = secret.size() >= shortest_secret_inside ? yaml.find(secret) != std::string_view::npos
                                                               : stands_whole(yaml, secret);
    if (found) return true;
  }
  return false;
}

std::string yaml_quoted(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string duration_text(double ms) {
  const auto whole = static_cast<long long>(std::llround(ms));
  if (whole % 1000 == 0 && whole > 0) return fmt::format("{}s", whole / 1000);
  return fmt::format("{}ms", whole);
}

std::string write_scenario(const Journey& journey, const Correlation& correlation, const WriterInput& input) {
  std::string out;
  std::size_t requests = 0, extractions = 0;
  for (std::size_t s = 0; s < journey.steps.size(); ++s) {
    requests += journey.steps[s].exchanges.size();
    for (const auto& r : correlation.requests[s]) extractions += r.extractions.size();
  }
  std::string hosts;
  for (const auto& h : journey.hosts) hosts += (hosts.empty() ? "" : ", ") + h;
  comment(out, "", fmt::format("Imported by `rollcall import-har` from {} ({} recorded requests): {} steps and {} "
                               "requests for persona {}, {} values correlated (each extraction says where its value "
                               "came from). Kept: the pages and API calls of {}; dropped: {} static assets, {} "
                               "requests to other hosts. Cookies are left to each user's jar.",
                               input.har_name, input.recorded_entries, journey.steps.size(), requests, input.persona,
                               extractions, hosts, journey.dropped_assets, journey.dropped_other_hosts));
  for (const auto& n : input.notes) comment(out, "", "Note: " + n + ".");
  comment(out, "", fmt::format("The accounts go in {} (username,password; written with its header only): fill it, "
                               "or give --feeder {}=FILE to validate, try and run.",
                               input.feeder_file, input.persona));
  out += "target: " + journey.target + "\n\n";

  // The browser's identity, from the first page request.
  const Entry& first = journey.steps.front().exchanges.front().request();
  std::vector<NameValue> defaults;
  for (const char* h : {"User-Agent", "Accept", "Accept-Language"})
    if (auto v = first.request_header(h); !v.empty() && !holds_recorded_secret(v, correlation.secrets))
      defaults.emplace_back(h, v);
  out += "defaults:\n";
  if (!defaults.empty()) {
    out += "  headers:\n";
    for (const auto& [n, v] : defaults) {
      std::string t;
      for (char c : v) t += c == '$' ? std::string("$$") : std::string(1, c);
      out += "    " + n + ": " + yaml_quoted(t) + "\n";
    }
  }
  out += "  timeout: 30s\n\n";

  out += "personas:\n";
  out += "  " + input.persona + ":\n";
  out += "    feeder: {file: " + yaml_quoted(input.feeder_file) + ", mode: cycle, secret: [password]}\n";
  if (!journey.pauses_ms.empty()) {
    const auto [lo, hi] = std::minmax_element(journey.pauses_ms.begin(), journey.pauses_ms.end());
    std::string recorded;
    for (double p : journey.pauses_ms) recorded += (recorded.empty() ? "" : ", ") + duration_text(p);
    comment(out, "    ", fmt::format("Think time: the recorded pauses between steps (each capped at {}) were {}; "
                                     "a user draws each pause uniformly between the shortest and the longest.",
                                     duration_text(max_think_ms), recorded));
    if (std::llround(*hi) > 0) {
      if (std::llround(*lo) == std::llround(*hi)) out += "    think: " + duration_text(*lo) + "\n";
      else out += "    think: {uniform: [" + duration_text(*lo) + ", " + duration_text(*hi) + "]}\n";
    }
  }
  out += "    flow:\n";
  for (std::size_t s = 0; s < journey.steps.size(); ++s) {
    const auto& step = journey.steps[s];
    const auto& reqs = correlation.requests[s];
    if (s) out += "\n";
    if (step.exchanges.size() > 1 || !step.fetch_name.empty()) {
      comment(out, "      ", "API calls the page's scripts sent together.");
      out += "      - fetch:\n";
      for (std::size_t x = 0; x < step.exchanges.size(); ++x) {
        const auto& r = reqs[x];
        for (const auto& n : r.notes) comment(out, "          ", "Note: " + n + ".");
        if (!supported_method(r.method)) {
          comment(out, "          ", "Skipped: method " + r.method + " is not a step kind.");
          continue;
        }
        out += "          - " + kind_key(r.method) + ": " + yaml_quoted(r.url) + "\n";
        request_body(out, "            ", step.exchanges[x], r, first.request_header("accept"), correlation.secrets);
      }
      out += "        name: " + yaml_quoted(step.fetch_name) + "\n";
      continue;
    }
    const auto& x = step.exchanges.front();
    const auto& r = reqs.front();
    for (const auto& n : r.notes) comment(out, "      ", "Note: " + n + ".");
    if (r.is_submit_form) {
      const auto& f = r.form_submission;
      std::string kept;
      for (const auto& k : f.kept) kept += (kept.empty() ? "" : ", ") + k;
      comment(out, "      ", fmt::format("The form {} of step {}'s page, as the browser posted it; submit_form "
                                         "sends the page's own values of {}.",
                                         f.selector, f.page_step, kept.empty() ? "no other field" : kept));
      out += "      - submit_form:\n";
      out += "          form: " + yaml_quoted(f.selector) + "\n";
      for (const auto& name : f.left_to_page)
        comment(out, "          ", fmt::format("'{}' is left to the page: the browser sent another value, a secret "
                                               "no earlier answer gave, which is not written here; submit_form sends "
                                               "the page's own value (set it in fields if that is not the one to "
                                               "send).", name));
      if (!f.fields.empty()) out += "          fields: " + flow_map(f.fields) + "\n";
      if (!r.headers.empty()) out += "          headers: " + flow_map(r.headers) + "\n";
      request_body(out, "        ", x, r, first.request_header("accept"), correlation.secrets);
      continue;
    }
    if (!supported_method(r.method)) {
      comment(out, "      ", "Skipped: method " + r.method + " is not a step kind.");
      continue;
    }
    out += "      - " + kind_key(r.method) + ": " + yaml_quoted(r.url) + "\n";
    request_body(out, "        ", x, r, first.request_header("accept"), correlation.secrets);
  }
  return out;
}

}  // namespace rollcall::har
