#include "engine/redactor.hpp"

#include <algorithm>
#include <cctype>

#include "common/secret_names.hpp"
#include "http/url.hpp"

namespace rollcall::engine {

namespace {

// Shorter values are too common to mask in free text: "1" or "fr" would
// mask half a page. They are still masked where they are named (hides()).
constexpr std::size_t least_masked_in_text = 4;

bool token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '+' || c == '~' || c == '-';
}

std::string urlencoded(std::string_view in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

void replace_all(std::string& text, std::string_view what) {
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + masked.size()))
    text.replace(at, what.size(), masked);
}

// Whether a run of token characters reads like a token rather than a word,
// a name or a path segment: letters mixed with digits (session ids,
// tickets, hex digests), case changing inside the run (base64url), or
// simply very long.
bool token_like(std::string_view run) {
  std::size_t letters = 0, digits = 0, inner_upper = 0, lower = 0, hex = 0;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const auto u = static_cast<unsigned char>(run[i]);
    letters += std::isalpha(u) ? 1 : 0;
    digits += std::isdigit(u) ? 1 : 0;
    lower += std::islower(u) ? 1 : 0;
    hex += std::isxdigit(u) ? 1 : 0;
    if (std::isupper(u) && i > 0 && std::isalpha(static_cast<unsigned char>(run[i - 1]))) ++inner_upper;
  }
  const std::size_t n = run.size();
  if (n >= 32) return true;
  if (n >= 20 && letters > 0 && digits > 0) return true;
  if (n >= 16 && hex == n && letters > 0 && digits > 0) return true;
  return n >= 16 && inner_upper >= 3 && lower >= 3;
}

}  // namespace

std::string mask_tokens(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    if (!token_char(in[i])) {
      out += in[i++];
      continue;
    }
    std::size_t j = i;
    while (j < in.size() && token_char(in[j])) ++j;
    const auto run = in.substr(i, j - i);
    if (token_like(run))
      out += masked;
    else
      out.append(run);
    i = j;
  }
  return out;
}

Redactor::Redactor(const scenario::Scenario& scenario, const scenario::Variables& variables) {
  for (scenario::VariableId id = 0; id < scenario.secret_variables.size(); ++id)
    if (scenario.secret_variables[id] && variables.is_set(id) && !variables.get(id).empty())
      secrets_.push_back(variables.get(id));
  for (const auto& [name, value] : scenario.symbols.environment())
    if (!value.empty()) secrets_.push_back(value);
  const std::size_t plain = secrets_.size();
  // As they travel: percent-encoded in a URL, form-encoded in a body.
  for (std::size_t i = 0; i < plain; ++i) {
    if (auto e = urlencoded(secrets_[i]); e != secrets_[i]) secrets_.push_back(std::move(e));
    std::string form;
    http::append_form_encoded(form, secrets_[i]);
    if (form != secrets_[i]) secrets_.push_back(std::move(form));
  }
  std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  secrets_.erase(std::unique(secrets_.begin(), secrets_.end()), secrets_.end());
}

std::string Redactor::text(std::string_view in) const {
  std::string out(in);
  for (const auto& s : secrets_)
    if (s.size() >= least_masked_in_text) replace_all(out, s);
  return mask_tokens(out);
}

std::string Redactor::url(std::string_view in) const {
  std::string out;
  const auto query = in.find('?');
  std::string_view path = in.substr(0, query);
  // ";jsessionid=..." carries the session in the path.
  if (const auto semi = path.find(';'); semi != std::string_view::npos) {
    out += text(path.substr(0, semi));
    out += ';';
    const auto params = path.substr(semi + 1);
    const auto eq = params.find('=');
    out.append(params.substr(0, eq));
    if (eq != std::string_view::npos) {
      out += '=';
      out += masked;
    }
  } else {
    out += text(path);
  }
  if (query != std::string_view::npos) {
    out += '?';
    std::string_view rest = in.substr(query + 1);
    const auto hash = rest.find('#');
    const std::string_view fragment = hash == std::string_view::npos ? std::string_view{} : rest.substr(hash);
    rest = rest.substr(0, hash);
    bool first = true;
    while (!rest.empty() || first) {
      const auto amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      if (!first) out += '&';
      first = false;
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) {
        out += text(pair);
      } else {
        const auto name = pair.substr(0, eq);
        out += text(name);
        out += '=';
        out += value(name, pair.substr(eq + 1));
      }
      if (amp == std::string_view::npos) break;
      rest = rest.substr(amp + 1);
    }
    out += text(fragment);
  }
  return out;
}

bool Redactor::hides(std::string_view name, std::string_view value) const {
  if (looks_secret(name)) return true;
  return std::any_of(secrets_.begin(), secrets_.end(), [&](const auto& s) { return s == value; });
}

std::string Redactor::value(std::string_view name, std::string_view v) const {
  if (v.empty()) return {};
  return hides(name, v) ? std::string(masked) : text(v);
}

}  // namespace rollcall::engine
