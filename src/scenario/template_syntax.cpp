#include "scenario/template_syntax.hpp"

#include <charconv>

#include <fmt/format.h>

#include "scenario/suggest.hpp"

namespace rollcall::scenario::syntax {

const std::vector<FunctionInfo>& functions() {
  static const std::vector<FunctionInfo> table = {
      {"urlencode", Function::urlencode, 1}, {"base64", Function::base64, 1},
      {"json_escape", Function::json_escape, 1}, {"random_int", Function::random_int, 2},
      {"uuid", Function::uuid, 0}, {"now_ms", Function::now_ms, 0}, {"env", Function::env, 1},
  };
  return table;
}

std::vector<std::string_view> function_names() {
  std::vector<std::string_view> names;
  for (const auto& f : functions()) names.push_back(f.name);
  return names;
}

namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Thrown inside the parser only: the first error ends the parse.
struct Failure {
  Error error;
};

std::string shown(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
  return std::string(1, c);
}

std::string arguments(unsigned n) { return n == 0 ? "no arguments" : n == 1 ? "1 argument" : fmt::format("{} arguments", n); }

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::vector<Piece> run() {
    std::vector<Piece> pieces;
    Piece text_piece;
    auto flush = [&] {
      if (text_piece.length > 0) pieces.push_back(std::move(text_piece));
      text_piece = Piece{};
    };
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      const char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
      if (c == '$' && next == '{') {
        flush();
        Piece piece;
        piece.is_text = false;
        piece.offset = pos_;
        open_ = pos_;
        pos_ += 2;
        skip_spaces();
        piece.expression = expression();
        skip_spaces();
        if (at_end()) unterminated();
        if (text_[pos_] != '}') fail(pos_, fmt::format("unexpected '{}' in ${{...}}: expected '}}'", shown(text_[pos_])));
        ++pos_;
        piece.length = pos_ - piece.offset;
        pieces.push_back(std::move(piece));
        continue;
      }
      if (text_piece.length == 0) text_piece.offset = pos_;
      const std::size_t step = (c == '$' && next == '$') ? 2 : 1;
      text_piece.text += c;
      text_piece.length += step;
      pos_ += step;
    }
    flush();
    return pieces;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  void skip_spaces() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  [[noreturn]] void fail(std::size_t offset, std::string message) { throw Failure{{offset, std::move(message)}}; }
  [[noreturn]] void unterminated() { fail(open_, "unterminated ${...}: expected '}'"); }

  Expression expression() {
    if (at_end()) unterminated();
    const char c = text_[pos_];
    if (c == '}') fail(open_, "empty ${}: expected a variable, a function call, an integer or a 'string'");
    if (c == '\'') return string_literal();
    if (is_digit(c) || c == '-') return integer_literal();
    if (is_name_start(c)) return name_or_call();
    fail(pos_, fmt::format("unexpected '{}' in ${{...}}: expected a variable, a function call, an integer or a 'string'",
                           shown(c)));
  }

  Expression string_literal() {
    Expression e;
    e.kind = Expression::Kind::string;
    e.offset = pos_;
    ++pos_;
    for (;;) {
      if (at_end()) fail(e.offset, "unterminated 'string': expected a closing quote (write '' for a quote inside)");
      const char c = text_[pos_++];
      if (c != '\'') {
        e.text += c;
      } else if (!at_end() && text_[pos_] == '\'') {
        e.text += '\'';
        ++pos_;
      } else {
        return e;
      }
    }
  }

  Expression integer_literal() {
    Expression e;
    e.kind = Expression::Kind::integer;
    e.offset = pos_;
    std::size_t end = pos_ + (text_[pos_] == '-' ? 1 : 0);
    while (end < text_.size() && is_digit(text_[end])) ++end;
    const auto digits = text_.substr(pos_, end - pos_);
    if (end < text_.size() && is_name_char(text_[end]))
      fail(pos_, "a name starts with a letter or '_'; an integer has only digits");
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), e.integer);
    if (digits == "-") fail(pos_, "expected digits after '-'");
    if (ec != std::errc{} || ptr != digits.data() + digits.size())
      fail(pos_, fmt::format("integer {} does not fit in 64 bits", digits));
    e.text = std::string(digits);
    pos_ = end;
    return e;
  }

  Expression name_or_call() {
    Expression e;
    e.offset = pos_;
    while (!at_end() && is_name_char(text_[pos_])) e.text += text_[pos_++];
    skip_spaces();
    if (at_end() || text_[pos_] != '(') return e;  // a variable
    e.kind = Expression::Kind::call;
    ++pos_;
    skip_spaces();
    if (at_end()) unterminated();
    if (text_[pos_] != ')') {
      for (;;) {
        e.args.push_back(expression());
        skip_spaces();
        if (at_end()) unterminated();
        if (text_[pos_] == ')') break;
        if (text_[pos_] != ',')
          fail(pos_, fmt::format("unexpected '{}' in the arguments of {}(): expected ',' or ')'", shown(text_[pos_]), e.text));
        ++pos_;
        skip_spaces();
      }
    }
    ++pos_;
    check_call(e);
    return e;
  }

  void check_call(Expression& e) {
    const FunctionInfo* info = nullptr;
    for (const auto& f : functions())
      if (f.name == e.text) info = &f;
    if (!info) {
      const auto names = function_names();
      const auto guess = closest(e.text, names);
      fail(e.offset, fmt::format("unknown function '{}'{} (functions: {})", e.text,
                                 guess ? fmt::format("; did you mean '{}'?", *guess) : "", join_names(names)));
    }
    e.function = info->function;
    if (e.args.size() != info->arity)
      fail(e.offset, fmt::format("{}() takes {}, got {}", e.text, arguments(info->arity),
                                 static_cast<unsigned>(e.args.size())));
    if (e.function == Function::env) {
      // env(NAME) names a variable of the environment, not of the scenario:
      // its argument is a name (or a 'string'), kept as text so that it is
      // never taken for a scenario variable.
      auto& a = e.args[0];
      if (a.kind != Expression::Kind::variable && a.kind != Expression::Kind::string)
        fail(a.offset, "env() takes the name of an environment variable, such as env(ENT_PASSWORD)");
      a.kind = Expression::Kind::string;
    }
    if (e.function == Function::random_int) {
      // Bounds are literals so that a bad range is a load-time error, not a
      // failure in the middle of a run.
      for (const auto& a : e.args)
        if (a.kind != Expression::Kind::integer)
          fail(a.offset, "random_int() takes two integers, such as random_int(1, 300)");
      if (e.args[0].integer > e.args[1].integer)
        fail(e.offset, fmt::format("random_int({}, {}): the first bound is above the second", e.args[0].integer,
                                   e.args[1].integer));
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t open_ = 0;  // the current "${", for "unterminated" messages
};

void collect(const Expression& e, std::vector<VariableUse>& out) {
  if (e.kind == Expression::Kind::variable) out.push_back({e.text, e.offset});
  for (const auto& a : e.args) collect(a, out);
}

}  // namespace

std::variant<std::vector<Piece>, Error> parse(std::string_view text) {
  try {
    return Parser(text).run();
  } catch (const Failure& f) {
    return f.error;
  }
}

std::vector<VariableUse> variable_uses(const std::vector<Piece>& pieces) {
  std::vector<VariableUse> uses;
  for (const auto& p : pieces)
    if (!p.is_text) collect(p.expression, uses);
  return uses;
}

}  // namespace rollcall::scenario::syntax
