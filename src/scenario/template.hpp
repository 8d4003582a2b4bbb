#pragma once
// ${...} templates, compiled once when the scenario loads and rendered for
// each request from a virtual user's variables: no parsing at run time.
//
//   "/docs/${doc_id}.pdf"          a variable (feeder column, extracted value, builtin)
//   "${urlencode(service)}"        a function of a variable
//   "${random_int(1, 300)}"        literals: integers and 'quoted strings'
//   "${uuid()}" "${now_ms()}" "${base64(username)}"
//   "${json_escape(name)}"         the inside of a JSON string (JSON bodies apply it to every ${...})
//   "${env(ENT_PASSWORD)}"         an environment variable, read when the scenario loads (a
//                                  missing one is a load error); a secret, never printed
//   "$${not a template}"           "$$" writes a literal "$"
//
// Builtin variables: vu (the virtual user's number), iteration (journeys
// this user started), persona (its persona's name).
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/user_rng.hpp"

namespace rollcall::scenario {

// Variables are numbered when the scenario loads (see SymbolTable); a
// virtual user keeps their values in a vector indexed by that number.
using VariableId = std::uint32_t;

// Names every variable a scenario uses: builtins, feeder columns, extracted
// values. Ids are dense and stable for the life of the scenario.
class SymbolTable {
 public:
  SymbolTable();  // registers the builtins first
  VariableId intern(std::string_view name);                 // adds if missing
  const VariableId* find(std::string_view name) const;      // nullptr if unknown
  const std::string& name(VariableId id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }

  // ${env(NAME)} values read while compiling, by name: secrets, masked
  // wherever a request or a page is shown.
  void note_environment(const std::string& name, const std::string& value);
  const std::map<std::string, std::string, std::less<>>& environment() const { return environment_; }

  static constexpr VariableId vu = 0;
  static constexpr VariableId iteration = 1;
  static constexpr VariableId persona = 2;

 private:
  std::vector<std::string> names_;
  std::map<std::string, VariableId, std::less<>> index_;  // find() by name without a copy of it
  std::map<std::string, std::string, std::less<>> environment_;
};

// A virtual user's values. Unset is not the same as empty: rendering a
// template that reads an unset variable fails and names it.
class Variables {
 public:
  explicit Variables(std::size_t count = 0) : values_(count), set_(count, false) {}
  void resize(std::size_t count) { values_.resize(count); set_.resize(count, false); }
  void set(VariableId id, std::string value) { values_[id] = std::move(value); set_[id] = true; }
  void unset(VariableId id) { values_[id].clear(); set_[id] = false; }
  bool is_set(VariableId id) const { return id < set_.size() && set_[id]; }
  const std::string& get(VariableId id) const { return values_[id]; }
  void clear();

 private:
  std::vector<std::string> values_;
  std::vector<bool> set_;
};

// What rendering needs besides variables: functions draw from the user's
// own generator so that a seeded run is reproducible.
struct RenderContext {
  const Variables& variables;
  UserRng& rng;
};

class Template {
 public:
  Template();                                  // the empty literal
  static Template literal(std::string text);

  // Compiles `text`, interning variable names in `symbols`. Throws
  // TemplateError with the offset (in bytes from the start of text) of the
  // problem: unknown function, wrong arity, unbalanced ${, bad literal.
  static Template compile(std::string_view text, SymbolTable& symbols);

  bool is_literal() const;
  const std::string& source() const;           // as written, for messages
  // Variables the template reads (to check at load time that each is
  // defined somewhere: a feeder column, an extraction, a builtin).
  std::vector<VariableId> reads() const;

  // Appends the rendered text to `out`. On an unset variable, returns false
  // and sets `missing` to its id; `out` is then unspecified.
  bool render(const RenderContext& context, std::string& out, VariableId& missing) const;

  struct Node;  // implementation detail, public for the compiler's helpers
 private:
  std::shared_ptr<const std::vector<Node>> nodes_;
  std::string source_;
};

struct TemplateError {
  std::size_t offset;
  std::string message;
};

}  // namespace rollcall::scenario
