#pragma once
// The syntax of ${...} templates, apart from compiling them: the loader uses
// it to point at the exact column of a problem (an unknown function, an
// undefined variable) and to build JSON bodies; template.cpp compiles it.
//
//   template   := ( text | "$$" | "${" expression "}" )*
//   expression := name | name "(" [ expression ( "," expression )* ] ")"
//               | integer | 'string'            ('' inside a string is a quote)
//   name       := [A-Za-z_][A-Za-z0-9_]*
//
// A "$" not followed by "{" or "$" is plain text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rollcall::scenario::syntax {

// Appends `in` as the inside of a JSON string (RFC 8259): quote, backslash
// and control characters escaped; other bytes, UTF-8 included, as they are.
// What ${json_escape(x)} renders, and what JSON bodies are built from.
void append_json_escaped(std::string_view in, std::string& out);

enum class Function : std::uint8_t { urlencode, base64, json_escape, random_int, uuid, now_ms, env };

struct FunctionInfo {
  std::string_view name;
  Function function;
  unsigned arity;
};

const std::vector<FunctionInfo>& functions();
std::vector<std::string_view> function_names();

struct Expression {
  enum class Kind : std::uint8_t { variable, integer, string, call } kind = Kind::variable;
  std::string text;              // variable or function name; a string's value; an integer's digits
  std::int64_t integer = 0;
  Function function = Function::urlencode;
  std::vector<Expression> args;
  std::size_t offset = 0;        // where it starts in the template text
};

struct Piece {
  bool is_text = true;
  std::string text;              // text with "$$" already turned into "$"
  Expression expression;
  std::size_t offset = 0;        // where the piece starts in the template text ("${" for an expression)
  std::size_t length = 0;        // its length in the template text
};

struct Error {
  std::size_t offset;
  std::string message;
};

// Parses a template; the first error stops it.
std::variant<std::vector<Piece>, Error> parse(std::string_view text);

struct VariableUse {
  std::string_view name;
  std::size_t offset;
};

// Every variable the pieces read, in order, with where its name starts
// (the names point into `pieces`).
std::vector<VariableUse> variable_uses(const std::vector<Piece>& pieces);

}  // namespace rollcall::scenario::syntax
