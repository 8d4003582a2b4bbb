#include "engine/request_text.hpp"

#include <strings.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "http/content_decoding.hpp"

namespace rollcall::engine {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Bytes for a generated upload: readable, deterministic, any size. Made
// once per thread in blocks and appended by the block, not by the line.
void append_generated(std::string& out, std::uint64_t count) {
  static constexpr std::string_view line = "rollcall generated upload content 0123456789\n";
  thread_local const std::string block = [] {
    std::string b;
    while (b.size() + line.size() <= 64 * 1024) b += line;
    return b;
  }();
  out.reserve(out.size() + static_cast<std::size_t>(count));
  while (count > 0) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(count, block.size()));
    out.append(block.data(), n);
    count -= n;
  }
}

// "/portal?x=1": a path and query with nothing a request line cannot
// carry. Anything else ("//host", "../x", spaces) goes through the URL parser.
bool is_plain_path(std::string_view s) {
  if (s.size() < 1 || s[0] != '/' || (s.size() > 1 && s[1] == '/')) return false;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || c == '#' || c == '\\') return false;
  }
  return s.find("/.") == std::string_view::npos;
}

// "myapp" of "myapp://x": what a message may say of a server's URL.
std::string scheme_of(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 16) return "no scheme";
  for (const char ch : url.substr(0, colon)) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.')) return "no scheme";
  }
  return std::string(url.substr(0, colon));
}

}  // namespace

bool RequestText::render(const scenario::Template& t, std::string& out) {
  scenario::VariableId id = 0;
  if (t.render(context_, out, id)) return true;
  missing = id;
  return false;
}

bool RequestText::set_url(std::string absolute, std::string_view shown) {
  auto parsed = http::split_url(absolute);
  if (!parsed) {
    problem = fmt::format("'{}' is not an http(s) URL", shown);
    return false;
  }
  url = std::move(absolute);
  target = std::move(*parsed);
  return true;
}

bool RequestText::build(const scenario::RequestStep& step) {
  method = std::string(scenario::method_name(step.method));
  std::string written;
  if (!render(step.url, written)) return false;
  if (!step.query.empty()) {
    char sep = written.find('?') == std::string::npos ? '?' : '&';
    for (const auto& q : step.query) {
      written += sep;
      sep = '&';
      http::append_form_encoded(written, q.name);
      written += '=';
      std::string value;
      if (!render(q.value, value)) return false;
      http::append_form_encoded(written, value);
    }
  }
  // Most steps name a path on the target: no need to parse a whole URL for
  // each request of each user then.
  if (is_plain_path(written)) {
    target = scenario_.target;
    target.path_and_query = written;
    url = target.origin() + written;
    return add_headers(step.headers) && render_body(step.body);
  }
  // Messages quote the URL as the scenario writes it, never as rendered: a
  // rendered URL may carry a secret (a token in its query).
  auto absolute = http::resolve_url(scenario_.target_url, written);
  if (!absolute) {
    problem = fmt::format("'{}' is not a URL", step.url.source());
    return false;
  }
  return set_url(std::move(*absolute), step.url.source()) && add_headers(step.headers) && render_body(step.body);
}

bool RequestText::build_form(const scenario::SubmitFormStep& step, const http::HtmlForm& form, const std::string& page_url) {
  // The form's fields as the page has them, then the step's values: a field
  // the step names replaces the page's, a new one is added.
  std::vector<std::pair<std::string, std::string>> fields = form.fields;
  for (const auto& f : step.fields) {
    std::string value;
    if (!render(f.value, value)) return false;
    bool replaced = false;
    for (auto& existing : fields)
      if (existing.first == f.name) {
        existing.second = value;
        replaced = true;
      }
    if (!replaced) fields.emplace_back(f.name, std::move(value));
  }
  std::string encoded;
  for (const auto& [name, value] : fields) {
    if (!encoded.empty()) encoded += '&';
    http::append_form_encoded(encoded, name);
    encoded += '=';
    http::append_form_encoded(encoded, value);
  }
  // Named by its scheme only, as a redirect's Location is: the rest of an
  // action may carry the server's session (";jsessionid=...") or a ticket,
  // and a built URL the fields' values.
  const auto cannot_submit = [&] {
    problem = fmt::format("a form's action rollcall cannot submit to ({}: not http(s) on a valid host and port)",
                          scheme_of(form.action));
    return false;
  };
  auto action = http::resolve_url(page_url, form.action.empty() ? page_url : form.action);
  if (!action) return cannot_submit();
  if (form.method == "post") {
    method = "POST";
    body_ = std::move(encoded);
    content_type_ = "application/x-www-form-urlencoded";
  } else {
    method = "GET";
    auto query_at = action->find('?');
    if (query_at != std::string::npos) action->resize(query_at);
    if (!encoded.empty()) *action += '?' + encoded;
  }
  if (!set_url(std::move(*action), {})) return cannot_submit();
  return add_headers(step.headers);
}

bool RequestText::add_headers(const std::vector<scenario::NamedTemplate>& step_headers) {
  headers_.clear();
  auto add = [&](const scenario::NamedTemplate& h) {
    std::string value;
    if (!render(h.value, value)) return false;
    // A value from a CSV cell or an extraction with a line break would end
    // the header there and start another, or another request.
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      problem = fmt::format("header {}: its value holds a line break or a NUL, which would split the request", h.name);
      return false;
    }
    for (auto& existing : headers_)
      if (same_name(existing.first, h.name)) {
        existing.second = std::move(value);
        return true;
      }
    headers_.emplace_back(h.name, std::move(value));
    return true;
  };
  for (const auto& h : scenario_.defaults.headers)
    if (!add(h)) return false;
  for (const auto& h : step_headers)
    if (!add(h)) return false;
  return true;
}

bool RequestText::render_body(const scenario::Body& body) {
  using Kind = scenario::Body::Kind;
  body_.clear();
  switch (body.kind) {
    case Kind::none: return true;
    case Kind::raw: return render(body.text, body_);
    case Kind::json:
      content_type_ = "application/json";
      return render(body.text, body_);
    case Kind::form:
      content_type_ = "application/x-www-form-urlencoded";
      for (const auto& f : body.form) {
        if (!body_.empty()) body_ += '&';
        http::append_form_encoded(body_, f.name);
        body_ += '=';
        std::string value;
        if (!render(f.value, value)) return false;
        http::append_form_encoded(body_, value);
      }
      return true;
    case Kind::multipart: {
      const std::string boundary = fmt::format("----rollcall{:016x}", context_.rng());
      content_type_ = "multipart/form-data; boundary=" + boundary;
      for (const auto& part : body.parts) {
        body_ += "--" + boundary + "\r\n";
        if (part.value) {
          body_ += fmt::format("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", part.name);
          if (!render(*part.value, body_)) return false;
        } else {
          body_ += fmt::format("Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                               part.name, part.filename, part.content_type);
          if (part.bytes)
            body_ += *part.bytes;
          else
            append_generated(body_, part.generated_bytes);
        }
        body_ += "\r\n";
      }
      body_ += "--" + boundary + "--\r\n";
      return true;
    }
  }
  return true;
}

bool RequestText::redirect_to(std::string next_url, unsigned status) {
  const bool to_get = status == 303 || ((status == 301 || status == 302) && method == "POST");
  if (to_get) {
    if (method != "HEAD") method = "GET";
    body_.clear();
    content_type_.clear();
  }
  const http::Target from = target;
  const std::string scheme = scheme_of(next_url);
  if (!set_url(std::move(next_url), {})) {
    // Named by its scheme only: the rest of a Location may carry a ticket.
    problem = fmt::format("a redirect to a Location rollcall cannot follow ({}: not http(s) on a valid host and port)",
                          scheme);
    return false;
  }
  // Credentials the scenario sends stay with their origin, as browsers and
  // curl keep them: another host must not receive them.
  if (from.tls != target.tls || from.host != target.host || from.port != target.port)
    std::erase_if(headers_, [](const auto& h) {
      return same_name(h.first, "Authorization") || same_name(h.first, "Proxy-Authorization") ||
             same_name(h.first, "Cookie");
    });
  return true;
}

std::string_view RequestText::path() const {
  std::string_view p = target.path_and_query;
  return p.substr(0, p.find('?'));
}

void RequestText::finish(http::CookieJar& cookies, const http::Proxy* forward) {
  bytes.clear();
  bytes += method;
  bytes += ' ';
  if (forward) {
    bytes += "http://";
    bytes += target.host_header;
  }
  bytes += target.path_and_query;
  bytes += " HTTP/1.1\r\nHost: ";
  bytes += target.host_header;
  bytes += "\r\n";
  // A scenario that sets its own Proxy-Authorization keeps it.
  const auto own_credentials = [&] {
    return std::any_of(headers_.begin(), headers_.end(), [](const auto& h) { return same_name(h.first, "Proxy-Authorization"); });
  };
  if (forward && !forward->authorization.empty() && !own_credentials()) {
    bytes += "Proxy-Authorization: ";
    bytes += forward->authorization;
    bytes += "\r\n";
  }
  for (const auto& [name, value] : headers_) {
    if (same_name(name, "Host") || same_name(name, "Content-Length")) continue;
    bytes += name;
    bytes += ": ";
    bytes += value;
    bytes += "\r\n";
  }
  std::string cookie_value;
  if (cookies.cookie_header(http::CookieUrl{target.tls, target.host, path()}, std::chrono::system_clock::now(), cookie_value)) {
    bytes += "Cookie: ";
    bytes += cookie_value;
    bytes += "\r\n";
  }
  // What a browser offers, unless the scenario says otherwise (`identity`:
  // answers as they are). Kept bodies are decoded (http/content_decoding.hpp).
  if (std::none_of(headers_.begin(), headers_.end(), [](const auto& h) { return same_name(h.first, "Accept-Encoding"); })) {
    bytes += "Accept-Encoding: ";
    bytes += http::browser_accept_encoding;
    bytes += "\r\n";
  }
  const bool typed = std::any_of(headers_.begin(), headers_.end(), [](const auto& h) { return same_name(h.first, "Content-Type"); });
  if (!content_type_.empty() && !typed) {
    bytes += "Content-Type: ";
    bytes += content_type_;
    bytes += "\r\n";
  }
  if (!body_.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    bytes += fmt::format("Content-Length: {}\r\n", body_.size());
  bytes += "\r\n";
}

}  // namespace rollcall::engine
