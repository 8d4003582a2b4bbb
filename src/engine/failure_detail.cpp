#include "engine/failure_detail.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "common/ascii.hpp"
#include "common/printable.hpp"
#include "http/html_forms.hpp"
#include "scenario/suggest.hpp"

namespace rollcall::engine {

namespace {

constexpr std::size_t excerpt_before = 80;
constexpr std::size_t excerpt_after = 220;
constexpr std::size_t most_nearby = 6;

std::size_t find_folded(std::string_view body, std::string_view what) {
  auto it = std::search(body.begin(), body.end(), what.begin(), what.end(),
                        [](char a, char b) { return ascii::lower(a) == ascii::lower(b); });
  return it == body.end() ? std::string_view::npos : static_cast<std::size_t>(it - body.begin());
}

// The first character of the page a person would read: past the head,
// scripts and styles, on the first text outside a tag.
std::size_t visible_start(std::string_view body) {
  std::size_t from = 0;
  if (auto b = find_folded(body, "<body"); b != std::string_view::npos) from = b;
  bool in_tag = false;
  for (std::size_t i = from; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '<') {
      in_tag = true;
      for (std::string_view skipped : {"<script", "<style"})
        if (find_folded(body.substr(i, skipped.size()), skipped) == 0) {
          const std::string close = fmt::format("</{}", skipped.substr(1));
          const auto end = find_folded(body.substr(i), close);
          if (end == std::string_view::npos) return std::string_view::npos;
          i += end;
          break;
        }
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag && !std::isspace(static_cast<unsigned char>(c))) {
      return i;
    }
  }
  return body.empty() ? std::string_view::npos : 0;
}

std::string collapsed(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// `id="..."` values of the page, in order, each once.
std::vector<std::string> page_ids(std::string_view body) {
  std::vector<std::string> ids;
  std::size_t at = 0;
  while (ids.size() < 64) {
    const auto found = find_folded(body.substr(at), " id=");
    if (found == std::string_view::npos) break;
    std::size_t v = at + found + 4;
    if (v >= body.size()) break;
    const char quote = body[v] == '"' || body[v] == '\'' ? body[v++] : ' ';
    std::size_t end = v;
    while (end < body.size() && body[end] != quote && body[end] != '>' &&
           !(quote == ' ' && std::isspace(static_cast<unsigned char>(body[end]))))
      ++end;
    std::string id(body.substr(v, end - v));
    if (!id.empty() && id.size() <= 64 && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    at = end;
  }
  return ids;
}

std::string form_line(const http::HtmlForm& f, const Redactor& redactor) {
  std::string out = "form";
  if (!f.id.empty()) out += fmt::format("#{}", f.id);
  if (!f.name.empty()) out += fmt::format("[name={}]", f.name);
  out += fmt::format(" {} {}", f.method, f.action.empty() ? "(this page)" : redactor.url(f.action));
  std::string fields;
  for (const auto& [name, value] : f.fields) {
    if (fields.size() > 120) {
      fields += ", ...";
      break;
    }
    fields += (fields.empty() ? "" : ", ") + name;
  }
  return out + fmt::format(" ({})", fields);
}

// Forms first (what submit_form looks for), then ids, those closest to the
// selector first.
std::vector<std::string> nearby_of(std::string_view body, std::string_view selector, const Redactor& redactor) {
  std::vector<std::string> out;
  const auto forms = http::parse_forms(body);
  for (const auto& f : forms) {
    if (out.size() >= most_nearby) break;
    out.push_back(printable(form_line(f, redactor), 200));
  }
  auto ids = page_ids(body);
  std::string_view wanted = selector;
  if (!wanted.empty() && (wanted.front() == '#' || wanted.front() == '.')) wanted.remove_prefix(1);
  if (!wanted.empty()) {
    std::vector<std::string_view> views(ids.begin(), ids.end());
    if (auto guess = scenario::closest(wanted, views)) {
      auto it = std::find(ids.begin(), ids.end(), *guess);
      if (it != ids.end()) std::rotate(ids.begin(), it, it + 1);
    }
  }
  for (const auto& id : ids) {
    if (out.size() >= most_nearby) break;
    out.push_back(printable(fmt::format("#{}", redactor.text(id)), 80));
  }
  return out;
}

}  // namespace

std::string mask_field_values(std::string_view html) {
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    const auto at = find_folded(html.substr(i), "value=");
    if (at == std::string_view::npos) break;
    std::size_t v = i + at + 6;
    out.append(html.substr(i, v - i));
    i = v;
    if (v >= html.size() || (html[v] != '"' && html[v] != '\'')) continue;
    const char quote = html[v];
    const auto end = html.find(quote, v + 1);
    if (end == std::string_view::npos) break;
    const auto value = html.substr(v + 1, end - v - 1);
    out += quote;
    out += value.size() > 12 ? std::string(masked) : std::string(value);
    out += quote;
    i = end + 1;
  }
  out.append(html.substr(std::min(i, html.size())));
  return out;
}

std::size_t excerpt_anchor(std::string_view body, std::string_view wanted) {
  for (std::size_t n = wanted.size(); n >= 3; --n)
    if (auto at = find_folded(body, wanted.substr(0, n)); at != std::string_view::npos) return at;
  return visible_start(body);
}

FailureDetail describe_failure(std::string_view step, const http::ResponseData* response, std::string_view url,
                               std::string_view reason, const Wanted& wanted, const Redactor& redactor) {
  FailureDetail d;
  d.step = std::string(step);
  d.url = printable(redactor.url(url), 300);
  d.reason = printable(redactor.text(reason), 300);
  if (!response || response->status == 0) return d;
  d.status = response->status;
  if (auto type = response->header("Content-Type")) d.content_type = printable(*type, 100);
  const std::string_view body = response->body;
  if (const auto at = excerpt_anchor(body, wanted.text); at != std::string_view::npos) {
    const std::size_t from = at > excerpt_before ? at - excerpt_before : 0;
    const std::string excerpt = mask_field_values(collapsed(body.substr(from, excerpt_before + excerpt_after)));
    d.excerpt = printable(redactor.text(excerpt), 300);
    if (from > 0) d.excerpt.insert(0, "...");
    if (from + excerpt_before + excerpt_after < body.size()) d.excerpt += "...";
  }
  const bool html = d.content_type.empty() || d.content_type.find("html") != std::string::npos;
  if (html && !body.empty()) d.nearby = nearby_of(body, wanted.selector, redactor);
  return d;
}

}  // namespace rollcall::engine
