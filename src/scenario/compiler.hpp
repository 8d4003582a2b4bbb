#pragma once
// Turns YAML values into the compiled pieces of the model, checking each:
// templates (syntax and the variables they read), regexes, JSON pointers,
// selectors, names. Problems point at the column inside the value.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario/model.hpp"
#include "scenario/scope.hpp"
#include "scenario/template_syntax.hpp"
#include "scenario/yaml_reader.hpp"

namespace rollcall::scenario {

class Compiler {
 public:
  Compiler(Reader& reader, SymbolTable& symbols) : reader_(reader), symbols_(symbols) {}
  Reader& reader() { return reader_; }
  SymbolTable& symbols() { return symbols_; }

  // A scalar as a template. With a scope, each variable it reads must be
  // defined there; without one, the reads are kept in `unscoped_reads` for
  // the caller to check against each persona (defaults.headers).
  std::optional<Template> compile(const Field& f, Scope* scope, std::string_view expected = "a text");
  // Checks `text` (the value of `f`, or derived from it) as a template.
  std::optional<std::vector<syntax::Piece>> check(const Field& f, std::string_view text, Scope* scope);
  // A JSON body: any YAML, serialized once; string scalars may hold ${...},
  // whose values are escaped for JSON strings when rendered.
  std::optional<Template> json(const Field& f, Scope* scope);

  Regex regex(const Field& f);
  std::optional<std::string> json_pointer(const Field& f);
  std::optional<http::HtmlSelector> selector(const Field& f, std::string_view expected);
  std::optional<std::string> variable_name(const Field& f);      // the value names a variable
  std::optional<std::string> variable_key(const Field& entry);   // the key does (extract: {name: ...})
  bool check_header_name(const Field& f);

  std::vector<std::pair<std::string, Location>> unscoped_reads;

 private:
  bool json_value(const Field& f, Scope* scope, std::string& out);
  bool check_environment(const Field& f, const syntax::Expression& e);

  Reader& reader_;
  SymbolTable& symbols_;
};

bool is_identifier(std::string_view name);

}  // namespace rollcall::scenario
