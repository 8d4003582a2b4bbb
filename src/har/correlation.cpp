#include "har/correlation.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>
#include <re2/re2.h>

#include "common/ascii.hpp"
#include "common/secret_names.hpp"
#include "har/url_text.hpp"
#include "http/html_document.hpp"
#include "http/html_forms.hpp"
#include "http/html_selector.hpp"
#include "http/url.hpp"

namespace rollcall::har {

namespace json = boost::json;

namespace {

// A `$` in recorded text is literal: templates write it `$$`.
std::string literal(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '$') out += '$';
  }
  return out;
}

// A value worth correlating: one a server made up for this session, not a
// word of the page ("submit", "fr") or a small number ("1" is everywhere).
bool looks_dynamic(const std::string& value, const std::string& name) {
  // URLs of the site change with --target and are followed as redirects;
  // whole paths are matched apart (url_template).
  if (value.size() < 4 || value.starts_with("http://") || value.starts_with("https://") || value.starts_with("/"))
    return false;
  // Tokens have no spaces; a button's label ("Se connecter") does.
  if (value.find(' ') != std::string::npos) return false;
  bool digit = false, upper = false, lower_case = false;
  for (unsigned char c : value) {
    digit = digit || std::isdigit(c);
    upper = upper || std::isupper(c);
    lower_case = lower_case || std::islower(c);
  }
  return digit || (upper && lower_case) || value.size() >= 16 || looks_secret(name);
}

bool is_html(const Entry& e) {
  return e.mime == "text/html" || e.mime == "application/xhtml+xml" ||
         (e.mime.empty() && e.body.find("<form") != std::string::npos);
}
bool is_json(const Entry& e) {
  return e.mime.find("json") != std::string::npos ||
         (!e.body.empty() && (e.body.front() == '{' || e.body.front() == '[') && !is_html(e));
}

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// A variable's name from the name the value had: "csrf-token" -> "csrf_token".
std::string variable_name(const std::string& hint) {
  std::string out;
  for (unsigned char c : hint) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  while (!out.empty() && out.front() == '_') out.erase(out.begin());
  if (out.empty()) out = "value";
  if (std::isdigit(static_cast<unsigned char>(out.front()))) out = "v_" + out;
  for (const char* builtin : {"vu", "iteration", "persona", "username", "password"})
    if (out == builtin) out += "_value";
  if (out.size() > 40) out.resize(40);
  return out;
}

// Text matched as it is: only RE2's operators are escaped, so that the
// pattern stays readable in the scenario.
std::string regex_literal(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// Where a value was found in one answer.
struct Source {
  std::string value;
  std::string kind;  // form, json, cookie, header
  std::string selector, field, pointer, name, hint, origin;
  bool hidden = false;
};

// What one answer offers later requests, read once.
struct Answer {
  std::size_t step = 0, exchange = 0;
  std::string step_name;
  const Entry* entry = nullptr;
  std::vector<Source> sources;
  std::vector<http::HtmlForm> forms;
  std::set<std::string> password_fields;  // names of input[type=password]
};

std::string form_selector(const http::HtmlForm& f, std::size_t index) {
  if (!f.id.empty()) return "#" + f.id;
  bool digits = !f.name.empty();
  for (unsigned char c : f.name) digits = digits && std::isdigit(c);
  if (!f.name.empty() && !digits && f.name.front() != '#') return f.name;
  return std::to_string(index);
}

void walk_json(const json::value& v, const std::string& pointer, const std::string& key, const std::string& parent_key,
               const std::string& step_name, std::vector<Source>& out) {
  if (v.is_object()) {
    for (const auto& kv : v.as_object())
      walk_json(kv.value(), pointer + "/" + pointer_token(kv.key()), std::string(kv.key()), key, step_name, out);
  } else if (v.is_array()) {
    const auto& a = v.as_array();
    for (std::size_t i = 0; i < a.size() && i < 1000; ++i)
      walk_json(a[i], pointer + "/" + std::to_string(i), key, parent_key, step_name, out);
  } else if (v.is_string() || v.is_int64() || v.is_uint64()) {
    Source s;
    s.value = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
    s.kind = "json";
    s.pointer = pointer;
    // "id" says little: "homework_id" says which.
    s.hint = (key == "id" || key == "value" || key.empty()) && !parent_key.empty() ? parent_key + "_" + key : key;
    s.origin = fmt::format("from the JSON of step {}, at {}", step_name, pointer);
    out.push_back(std::move(s));
  }
}

std::vector<std::pair<std::string, std::string>> set_cookie_pairs(const Entry& e) {
  std::vector<std::pair<std::string, std::string>> out(e.response_cookies.begin(), e.response_cookies.end());
  for (const auto& [name, value] : e.response_headers) {
    if (ascii::lower(name) != "set-cookie") continue;
    // Firefox and some exports fold several cookies into one value, one a line.
    std::size_t start = 0;
    while (start < value.size()) {
      auto nl = value.find('\n', start);
      const std::string line = value.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      start = nl == std::string::npos ? value.size() : nl + 1;
      const std::string pair = line.substr(0, line.find(';'));
      const auto eq = pair.find('=');
      if (eq == std::string::npos) continue;
      std::string n = pair.substr(0, eq), val = pair.substr(eq + 1);
      while (!n.empty() && n.front() == ' ') n.erase(n.begin());
      out.emplace_back(n, val);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> request_cookie_pairs(const Entry& e) {
  std::vector<std::pair<std::string, std::string>> out(e.request_cookies.begin(), e.request_cookies.end());
  const std::string header = e.request_header("cookie");
  std::size_t start = 0;
  while (start < header.size()) {
    auto semi = header.find(';', start);
    std::string pair = header.substr(start, semi == std::string::npos ? std::string::npos : semi - start);
    start = semi == std::string::npos ? header.size() : semi + 1;
    while (!pair.empty() && pair.front() == ' ') pair.erase(pair.begin());
    const auto eq = pair.find('=');
    if (eq != std::string::npos) out.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
  }
  return out;
}

// Request headers a browser writes by itself (or the jar, or the engine):
// the scenario's defaults or the engine send them.
bool is_browser_header(const std::string& name) {
  const std::string n = ascii::lower(name);
  static const std::set<std::string> known = {
      "host", "connection", "user-agent", "accept", "accept-language", "accept-encoding", "cookie", "referer",
      "origin", "content-type", "content-length", "cache-control", "pragma", "upgrade-insecure-requests", "dnt",
      "te", "priority", "if-none-match", "if-modified-since", "keep-alive", "purpose"};
  return known.count(n) || n.starts_with("sec-") || n.starts_with(":");
}

class Correlator {
 public:
  explicit Correlator(const Journey& j) : journey_(j) {}

  Correlation run() {
    collect_secrets();
    out_.requests.resize(journey_.steps.size());
    std::optional<std::size_t> page_answer;  // index in answers_ of the last page a form step may read
    for (std::size_t s = 0; s < journey_.steps.size(); ++s) {
      const auto& step = journey_.steps[s];
      for (std::size_t x = 0; x < step.exchanges.size(); ++x)
        out_.requests[s].push_back(templated(s, x, step.fetch_name.empty() ? page_answer : std::nullopt));
      // Answers become sources only after the whole step: requests of one
      // fetch cannot read each other's values.
      for (std::size_t x = 0; x < step.exchanges.size(); ++x) read_answer(s, x);
      if (step.fetch_name.empty()) page_answer = answers_.size() - 1;
    }
    out_.secrets.assign(secrets_.begin(), secrets_.end());
    return std::move(out_);
  }

 private:
  void secret(const std::string& v) {
    if (v.size() >= 4) secrets_.insert(v);
  }

  // From the steps and from every other recorded entry: a secret sent to
  // a dropped request may show in a kept one.
  void collect_secrets() {
    for (const auto& step : journey_.steps)
      for (const auto& x : step.exchanges)
        for (const Entry* e : x.hops) collect_secrets(*e);
    for (const Entry* e : journey_.recorded) collect_secrets(*e);
  }

  void collect_secrets(const Entry& e) {
    for (const auto& [n, v] : request_cookie_pairs(e)) secret(v);
    for (const auto& [n, v] : set_cookie_pairs(e)) secret(v);
    for (const auto& [n, v] : e.request_headers)
      if (looks_secret(n)) secret(v);
    for (const auto& [n, v] : e.post_params)
      if (looks_secret(n) || looks_like_password_field(n) || looks_like_username_field(n)) secret(v);
    if (auto p = url_parts(e.url))
      for (const auto& [n, v] : split_encoded_pairs(p->query))
        if (looks_secret(n)) secret(v);
    if (auto p = url_parts(e.redirect_url))
      for (const auto& [n, v] : split_encoded_pairs(p->query))
        if (looks_secret(n)) secret(v);
  }

  void read_answer(std::size_t s, std::size_t x) {
    const auto& exchange = journey_.steps[s].exchanges[x];
    const Entry& e = exchange.answer();
    Answer a;
    a.step = s;
    a.exchange = x;
    a.step_name = exchange.name;
    a.entry = &e;
    if (is_html(e) && !e.body.empty()) {
      http::HtmlDocument doc(e.body);
      a.forms = http::forms_of(doc);
      if (auto sel = http::HtmlSelector::parse("input[type=password]"))
        if (auto name = http::find_attribute(doc, *sel, "name")) a.password_fields.insert(*name);
      for (std::size_t f = 0; f < a.forms.size(); ++f)
        for (const auto& [name, value] : a.forms[f].fields) {
          Source src;
          src.value = value;
          src.kind = "form";
          src.selector = form_selector(a.forms[f], f);
          src.field = name;
          src.hint = name;
          src.origin = fmt::format("from the form {} of step {}, field {}", src.selector, exchange.name, name);
          a.sources.push_back(std::move(src));
        }
    } else if (is_json(e)) {
      boost::system::error_code ec;
      auto v = json::parse(e.body, ec);
      if (!ec) walk_json(v, "", "", "", exchange.name, a.sources);
    }
    for (const Entry* hop : exchange.hops)
      for (const auto& [n, v] : set_cookie_pairs(*hop)) {
        Source src;
        src.value = v;
        src.kind = "cookie";
        src.name = n;
        src.hint = n;
        src.origin = fmt::format("from the cookie {} set by step {}", n, exchange.name);
        a.sources.push_back(std::move(src));
      }
    for (const auto& [n, v] : e.response_headers) {
      const std::string ln = ascii::lower(n);
      if (ln == "set-cookie" || ln == "date" || ln == "content-length" || ln == "location") continue;
      Source src;
      src.value = v;
      src.kind = "header";
      src.name = n;
      src.hint = n;
      src.origin = fmt::format("from the header {} of step {}", n, exchange.name);
      a.sources.push_back(std::move(src));
    }
    answers_.push_back(std::move(a));
  }

  // The template that sends `value` (named `name` where it is sent): a
  // credential, an extraction of an earlier answer, or the value itself
  // when it is no secret; "" and a note for a secret no answer gave.
  // `in_url`: the value sits in a URL.
  std::string value_template(const std::string& value, const std::string& name, bool in_url, TemplatedRequest& req) {
    if (auto t = correlated_template(value, name, in_url, req)) return *t;
    req.notes.push_back(fmt::format("'{}': no earlier answer gave the recorded value, a secret, which is not "
                                    "written here: set it by hand", name));
    return "";
  }

  // The same without the note: nothing when the value is a secret of the
  // recording, or one a secret-named field sent, that no answer gave.
  std::optional<std::string> correlated_template(const std::string& value, const std::string& name, bool in_url,
                                                 TemplatedRequest& req) {
    auto wrap = [&](const std::string& var) { return in_url ? "${urlencode(" + var + ")}" : "${" + var + "}"; };
    if (!username_.empty() && value == username_) return wrap("username");
    if (!password_.empty() && value == password_) return wrap("password");
    if (looks_dynamic(value, name)) {
      if (auto var = find_source(value, name, req)) {
        // In a URL, a value with nothing to encode is written bare.
        bool plain = true;
        for (unsigned char c : value) plain = plain && (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~');
        return in_url && !plain ? wrap(*var) : "${" + *var + "}";
      }
    }
    if (holds_secret(value) || (looks_secret(name) && value.size() >= 4)) return std::nullopt;
    return literal(value);
  }

  // A recorded secret, or a value with one inside ("jdupont42&pw=S3cret"
  // sent whole in another field); inside, only the longer secrets.
  bool holds_secret(const std::string& value) const {
    if (secrets_.count(value)) return true;
    for (const auto& s : secrets_)
      if (s.size() >= shortest_secret_inside && value.find(s) != std::string::npos) return true;
    return false;
  }

  // The variable that holds `value`, extracted from the latest earlier
  // answer that gave it; created on first use.
  // `sent_as`: the name the value is sent under, which names the variable
  // when the answer gave it none (a regex).
  std::optional<std::string> find_source(const std::string& value, const std::string& sent_as, TemplatedRequest&) {
    if (auto it = by_value_.find(value); it != by_value_.end()) return it->second;
    for (auto a = answers_.rbegin(); a != answers_.rend(); ++a) {
      const Source* best = nullptr;
      for (const char* kind : {"form", "json", "cookie", "header"}) {
        for (const auto& s : a->sources)
          if (s.kind == kind && s.value == value) {
            best = &s;
            break;
          }
        if (best) break;
      }
      Extraction ex;
      if (best) {
        ex.kind = best->kind;
        ex.selector = best->selector;
        ex.field = best->field;
        ex.pointer = best->pointer;
        ex.name = best->name;
        ex.origin = best->origin;
        ex.variable = unique_variable(variable_name(best->hint));
      } else if (auto re = regex_around(a->entry->body, value)) {
        ex.kind = "regex";
        ex.regex = *re;
        ex.origin = fmt::format("from the page of step {}, by a regex: the value is in no form, JSON or header", a->step_name);
        ex.variable = unique_variable(variable_name(sent_as == "path" ? "value" : sent_as));
      } else {
        continue;
      }
      ex.secret = looks_secret(ex.variable) || secrets_.count(value) > 0 || looks_secret(ex.field) || looks_secret(ex.name);
      out_.requests[a->step][a->exchange].extractions.push_back(ex);
      by_value_[value] = ex.variable;
      return ex.variable;
    }
    return std::nullopt;
  }

  // The last resort: the value as it sits in the page, between the text
  // before it on its line and the first character that cannot be part of
  // it. Kept only if it finds exactly the recorded value in the recorded page.
  static std::optional<std::string> regex_around(const std::string& body, const std::string& value) {
    const auto at = body.find(value);
    if (at == std::string::npos || at == 0) return std::nullopt;
    bool word = true;
    for (unsigned char c : value) word = word && (std::isalnum(c) || c == '-' || c == '_');
    const std::string klass = word ? "[A-Za-z0-9_-]+" : "[^\"'<>\\s&]+";
    for (std::size_t context : {16u, 32u, 64u}) {
      std::size_t from = at > context ? at - context : 0;
      const auto nl = body.rfind('\n', at);
      if (nl != std::string::npos && nl + 1 > from) from = nl + 1;
      // Start at a word's beginning, so the context reads as the page does.
      while (from > 0 && from < at && std::isalnum(static_cast<unsigned char>(body[from - 1])) && body[from - 1] != '\n') --from;
      if (from == at) return std::nullopt;
      const std::string pattern = regex_literal(body.substr(from, at - from)) + "(" + klass + ")";
      RE2 re(pattern, RE2::Quiet);
      std::string got;
      if (re.ok() && RE2::PartialMatch(body, re, &got) && got == value) return pattern;
    }
    return std::nullopt;
  }

  std::string unique_variable(std::string name) {
    std::string candidate = name;
    for (int n = 2; used_variables_.count(candidate); ++n) candidate = name + "_" + std::to_string(n);
    used_variables_.insert(candidate);
    return candidate;
  }

  // The URL as the scenario writes it: on the target's origin, relative
  // to it (so that --target moves it); each query value and each path
  // segment a template.
  std::string url_template(const std::string& url, TemplatedRequest& req) {
    auto parts = url_parts(url);
    if (!parts) return literal(url);
    std::string out = parts->origin == journey_.target ? "" : parts->origin;
    std::size_t start = 1;
    const std::string& path = parts->path;
    out += "/";
    while (start <= path.size()) {
      auto slash = path.find('/', start);
      if (slash == std::string::npos) slash = path.size();
      const std::string raw = path.substr(start, slash - start);
      const std::string value = percent_decoded(raw, false);
      std::string t = value_template(value, "path", true, req);
      if (t == literal(value)) t = literal(raw);
      out += t;
      if (slash < path.size()) out += "/";
      start = slash + 1;
    }
    // A whole path an answer gave ("/api/homework/3/submit" in JSON).
    if (parts->path.size() > 1 && parts->query.empty()) {
      const std::string decoded = percent_decoded(parts->path, false);
      if (decoded.find_first_of("0123456789") != std::string::npos && out.find("${") == std::string::npos)
        if (auto var = find_source(decoded, "path", req)) out = (parts->origin == journey_.target ? "" : parts->origin) + "${" + *var + "}";
    }
    if (!parts->query.empty()) {
      out += "?";
      bool first = true;
      std::string_view q = parts->query;
      while (!q.empty()) {
        const auto amp = q.find('&');
        const std::string pair(q.substr(0, amp));
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        const auto eq = pair.find('=');
        const std::string name = pair.substr(0, eq);
        if (!first) out += "&";
        first = false;
        out += literal(name);
        if (eq == std::string::npos) continue;
        const std::string raw = pair.substr(eq + 1);
        const std::string value = percent_decoded(raw, true);
        std::string t = value_template(value, percent_decoded(name, true), true, req);
        out += "=" + (t == literal(value) ? literal(raw) : t);
      }
    }
    return out;
  }

  TemplatedRequest templated(std::size_t s, std::size_t x, std::optional<std::size_t> page) {
    const auto& exchange = journey_.steps[s].exchanges[x];
    const Entry& e = exchange.request();
    TemplatedRequest req;
    req.method = e.method;
    req.expected_status = exchange.answer().status;
    const bool form_encoded = e.post_mime == "application/x-www-form-urlencoded" || (!e.post_params.empty() && e.post_mime.empty());

    // The credentials: the posted fields named like a login and a
    // password (or typed into a password box of the page).
    if (form_encoded) {
      const Answer* a = page ? &answers_[*page] : nullptr;
      for (const auto& [n, v] : e.post_params) {
        if (v.empty()) continue;
        const bool pw = looks_like_password_field(n) || (a && a->password_fields.count(n));
        if (pw && password_.empty()) password_ = v, secrets_.insert(v);
        else if (!pw && looks_like_username_field(n) && username_.empty()) username_ = v, secrets_.insert(v);
      }
    }

    if (form_encoded && e.method == "POST" && e.resource_type == "document" && page) {
      if (answers_[*page].entry->body.empty() && answers_[*page].entry->status == 200) {
        req.is_submit_form = true;
        req.form_submission = blind_submit_form(e, answers_[*page], req);
      } else if (auto sub = as_submit_form(e, answers_[*page], req)) {
        req.is_submit_form = true;
        req.form_submission = std::move(*sub);
      }
    }
    if (!req.is_submit_form) {
      req.url = url_template(e.url, req);
      if (form_encoded) {
        for (const auto& [n, v] : e.post_params) req.form.emplace_back(n, value_template(v, n, false, req));
      } else if (!e.post_text.empty()) {
        req.body = body_template(e, req);
        if (!e.post_mime.empty()) req.headers.emplace_back("Content-Type", e.post_mime);
      }
    }
    for (const auto& [n, v] : e.request_headers) {
      if (is_browser_header(n)) continue;
      std::string value = v;
      std::string prefix;
      if (ascii::lower(n) == "authorization" && value.find(' ') != std::string::npos) {
        prefix = value.substr(0, value.find(' ') + 1);
        value = value.substr(prefix.size());
      }
      std::string t = value_template(value, n, false, req);
      if (t.empty()) continue;  // a secret nobody gave: not written, said in a note
      req.headers.emplace_back(n, literal(prefix) + t);
    }
    if (!e.post_text.empty() && !form_encoded && e.request_header("content-type").empty() && e.post_mime.empty())
      req.notes.push_back("the recorded body had no type");
    return req;
  }

  // A JSON body with its correlated values templated; another body as it was.
  std::string body_template(const Entry& e, TemplatedRequest& req) {
    std::string body = literal(e.post_text);
    if (e.post_mime.find("json") == std::string::npos) {
      if (holds_recorded_secret(e.post_text, secrets_)) {
        req.notes.push_back("the recorded body held a secret value, which is not written here: write the body by hand");
        return "";
      }
      return body;
    }
    boost::system::error_code ec;
    auto v = json::parse(e.post_text, ec);
    if (ec) return body;
    std::vector<Source> values;
    walk_json(v, "", "", "", "", values);
    for (const auto& sv : values) {
      const std::string t = value_template(sv.value, sv.hint, false, req);
      if (t == literal(sv.value)) continue;
      const std::string quoted = "\"" + literal(sv.value) + "\"";
      if (auto at = body.find(quoted); at != std::string::npos) body.replace(at + 1, quoted.size() - 2, t);
      else if (auto bare = body.find(literal(sv.value)); bare != std::string::npos) body.replace(bare, sv.value.size(), t);
    }
    return body;
  }

  // A form post is the page's own form when every field it sent is a field
  // of one of the page's forms (its hidden ones included) and it went where
  // that form's action points: then submit_form keeps the hidden fields
  // as the browser did, with no extraction written by hand.
  std::optional<FormSubmission> as_submit_form(const Entry& e, const Answer& page, TemplatedRequest& req) {
    const Entry& pe = *page.entry;
    const std::string want = e.url.substr(0, e.url.find('#'));
    std::optional<std::size_t> chosen;
    for (std::size_t f = 0; f < page.forms.size() && !chosen; ++f) {
      const auto& form = page.forms[f];
      if (form.method != "post") continue;
      const auto action = http::resolve_url(pe.url, form.action.empty() ? pe.url : form.action);
      if (!action || action->substr(0, action->find('#')) != want) continue;
      bool all = true;
      for (const auto& [n, v] : e.post_params) {
        bool found = false;
        for (const auto& [fn, fv] : form.fields) found = found || fn == n;
        all = all && found;
      }
      if (all) chosen = f;
    }
    if (!chosen) return std::nullopt;
    const auto& form = page.forms[*chosen];
    FormSubmission sub;
    sub.selector = form_selector(form, *chosen);
    sub.page_step = page.step_name;
    for (const auto& [n, v] : e.post_params) {
      std::string page_value;
      for (const auto& [fn, fv] : form.fields)
        if (fn == n) page_value = fv;
      if (v == page_value && v != username_ && v != password_) {
        sub.kept.push_back(n);
        continue;
      }
      if (auto t = correlated_template(v, n, false, req)) {
        sub.fields.emplace_back(n, std::move(*t));
      } else {
        // Written as "" it would replace the page's value at replay: left
        // out, submit_form sends what the page holds then.
        sub.left_to_page.push_back(n);
      }
    }
    return sub;
  }

  // The browser saved no body for the page (Chrome drops a page's body
  // when it navigates away unless told to keep it): a page's form post
  // right after it is still that page's form. The first form, the typed
  // fields set, the others (its hidden tokens) left to the page.
  FormSubmission blind_submit_form(const Entry& e, const Answer& page, TemplatedRequest& req) {
    FormSubmission sub;
    sub.selector = "0";
    sub.page_step = page.step_name;
    for (const auto& [n, v] : e.post_params) {
      if ((!username_.empty() && v == username_) || (!password_.empty() && v == password_)) {
        sub.fields.emplace_back(n, value_template(v, n, false, req));
      } else if (looks_dynamic(v, n) || holds_secret(v) || looks_secret(n)) {
        sub.kept.push_back(n);
      } else {
        sub.fields.emplace_back(n, literal(v));
      }
    }
    req.notes.push_back(fmt::format("the recording holds no body for the page of step {}: submit_form takes its "
                                    "first form, check it is the login form", page.step_name));
    return sub;
  }

  const Journey& journey_;
  Correlation out_;
  std::vector<Answer> answers_;
  std::set<std::string> secrets_;
  std::map<std::string, std::string> by_value_;
  std::set<std::string> used_variables_{"username", "password"};
  std::string username_, password_;

 public:
  const std::string& username() const { return username_; }
  const std::string& password() const { return password_; }
};

}  // namespace

bool looks_like_username_field(const std::string& name) {
  const std::string n = ascii::lower(name);
  for (const char* exact : {"username", "user", "login", "email", "mail", "j_username", "identifiant", "uid", "userid",
                            "user_id", "user_name", "loginname", "login_name", "pseudo", "identifier", "id_utilisateur"})
    if (n == exact) return true;
  return n.find("username") != std::string::npos || n.find("login") != std::string::npos ||
         n.find("email") != std::string::npos;
}

bool looks_like_password_field(const std::string& name) {
  const std::string n = ascii::lower(name);
  return n.find("pass") != std::string::npos || n.find("pwd") != std::string::npos || n == "mdp" ||
         n.find("motdepasse") != std::string::npos || n.find("mot_de_passe") != std::string::npos;
}

Correlation correlate(const Journey& journey) {
  Correlator c(journey);
  Correlation out = c.run();
  out.uses_username = !c.username().empty();
  out.uses_password = !c.password().empty();
  return out;
}

}  // namespace rollcall::har
