#include "scenario/compiler.hpp"

#include <cstdlib>

#include <fmt/format.h>
#include <re2/re2.h>

#include "http/html_selector.hpp"

namespace rollcall::scenario {

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(name[0])) return false;
  for (char c : name)
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

std::optional<std::vector<syntax::Piece>> Compiler::check(const Field& f, std::string_view text, Scope* scope) {
  auto parsed = syntax::parse(text);
  const auto mark = f.value.Mark();
  if (auto* error = std::get_if<syntax::Error>(&parsed)) {
    reader_.problem(reader_.source().at_offset(mark, error->offset), error->message);
    return std::nullopt;
  }
  auto pieces = std::get<std::vector<syntax::Piece>>(std::move(parsed));
  bool environment_ok = true;
  for (const auto& p : pieces)
    if (!p.is_text) environment_ok = check_environment(f, p.expression) && environment_ok;
  if (!environment_ok) return std::nullopt;
  for (const auto& use : syntax::variable_uses(pieces)) {
    const Location at = reader_.source().at_offset(mark, use.offset);
    if (scope)
      scope->read(use.name, at);
    else
      unscoped_reads.emplace_back(std::string(use.name), at);
  }
  return pieces;
}

// An ${env(NAME)} reads the environment when the scenario loads: a
// variable that is not set is told at its place, like any other problem.
bool Compiler::check_environment(const Field& f, const syntax::Expression& e) {
  bool ok = true;
  for (const auto& a : e.args) ok = check_environment(f, a) && ok;
  if (e.kind != syntax::Expression::Kind::call || e.function != syntax::Function::env) return ok;
  const std::string& name = e.args[0].text;
  if (std::getenv(name.c_str())) return ok;
  reader_.problem(reader_.source().at_offset(f.value.Mark(), e.offset),
                  fmt::format("environment variable {} is not set (export {}=... before running: ${{env({})}} reads it)",
                              name, name, name));
  return false;
}

std::optional<Template> Compiler::compile(const Field& f, Scope* scope, std::string_view expected) {
  auto text = reader_.text(f, expected);
  if (!text || !check(f, *text, scope)) return std::nullopt;
  try {
    return Template::compile(*text, symbols_);
  } catch (const TemplateError& e) {
    // What only compiling finds: an ${env(NAME)} that is not set.
    reader_.problem(reader_.source().at_offset(f.value.Mark(), e.offset), e.message);
    return std::nullopt;
  }
}

Regex Compiler::regex(const Field& f) {
  auto text = reader_.text(f, "a regular expression");
  if (!text) return nullptr;
  RE2::Options options;
  options.set_log_errors(false);  // the problem is reported here, once, with its location
  auto re = std::make_shared<const re2::RE2>(*text, options);
  if (!re->ok()) {
    const bool perl = re->error_code() == RE2::ErrorBadPerlOp || re->error_code() == RE2::ErrorBadEscape;
    reader_.problem(f, fmt::format("invalid regular expression: {}{}", re->error(),
                                   perl ? " (RE2 syntax: no lookaround or backreferences)" : ""));
    return nullptr;
  }
  return re;
}

std::optional<std::string> Compiler::json_pointer(const Field& f) {
  auto text = reader_.text(f, "a JSON pointer such as /data/0/id");
  if (!text) return std::nullopt;
  const std::string& p = *text;
  std::optional<std::size_t> bad;
  if (!p.empty() && p[0] != '/') bad = 0;
  for (std::size_t i = 0; !bad && i < p.size(); ++i)
    if (p[i] == '~' && (i + 1 >= p.size() || (p[i + 1] != '0' && p[i + 1] != '1'))) bad = i;
  if (bad) {
    reader_.problem(reader_.source().at_offset(f.value.Mark(), *bad),
                    fmt::format("expected a JSON pointer (RFC 6901) such as /data/0/id: it starts with '/' and "
                                "writes '~' as ~0 and '/' as ~1; got '{}'",
                                p));
    return std::nullopt;
  }
  return p;
}

// Compiled here, once: the engine matches the compiled form on every page.
std::optional<http::HtmlSelector> Compiler::selector(const Field& f, std::string_view expected) {
  auto text = reader_.text(f, expected);
  if (!text) return std::nullopt;
  std::string error;
  auto selector = http::HtmlSelector::parse(*text, &error);
  if (!selector) reader_.problem(f, fmt::format("invalid selector '{}': {}", *text, error));
  return selector;
}

namespace {

std::string not_a_name(const std::string& name) {
  return fmt::format("'{}' is not a variable name: letters, digits and '_', not starting with a digit", name);
}

}  // namespace

std::optional<std::string> Compiler::variable_name(const Field& f) {
  auto name = reader_.text(f, "a variable name");
  if (!name) return std::nullopt;
  if (!is_identifier(*name)) {
    reader_.problem(f, not_a_name(*name));
    return std::nullopt;
  }
  return name;
}

std::optional<std::string> Compiler::variable_key(const Field& entry) {
  if (!is_identifier(entry.key)) {
    reader_.problem_key(entry, not_a_name(entry.key));
    return std::nullopt;
  }
  return entry.key;
}

bool Compiler::check_header_name(const Field& f) {
  // RFC 9110 token characters.
  static constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
  bool ok = !f.key.empty();
  for (char c : f.key)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                specials.find(c) != std::string_view::npos);
  if (!ok)
    reader_.problem_key(f, fmt::format("'{}' is not a header name: letters, digits and !#$%&'*+-.^_`|~ only", f.key));
  return ok;
}

}  // namespace rollcall::scenario
