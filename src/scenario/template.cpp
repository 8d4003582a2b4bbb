#include "scenario/template.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "scenario/template_syntax.hpp"

namespace rollcall::scenario {

using syntax::Function;

// A compiled template is a flat vector in prefix order: a call node is
// followed by its arguments' subtrees, and `size` counts the nodes of a
// subtree, so rendering walks it without pointers or allocation.
struct Template::Node {
  enum class Kind : std::uint8_t { text, variable, call } kind = Kind::text;
  Function function = Function::urlencode;
  VariableId variable = 0;
  std::uint32_t size = 1;
  std::int64_t low = 0, high = 0;  // random_int's bounds
  std::string text;                // a text node: the text, or a literal argument
};

// ------------------------------------------------------------ SymbolTable
SymbolTable::SymbolTable() {
  intern("vu");
  intern("iteration");
  intern("persona");
}

VariableId SymbolTable::intern(std::string_view name) {
  if (const auto* id = find(name)) return *id;
  const auto id = static_cast<VariableId>(names_.size());
  names_.emplace_back(name);
  index_.emplace(std::string(name), id);
  return id;
}

const VariableId* SymbolTable::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &it->second;
}

void SymbolTable::note_environment(const std::string& name, const std::string& value) { environment_[name] = value; }

void Variables::clear() {
  for (auto& v : values_) v.clear();  // keeps each string's capacity for the next journey
  std::fill(set_.begin(), set_.end(), false);
}

// ------------------------------------------------------------- functions
namespace {

using Nodes = std::vector<Template::Node>;

void append_urlencoded(std::string_view in, std::string& out) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

void append_base64(std::string_view in, std::string& out) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                            static_cast<unsigned char>(in[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  const std::size_t rest = in.size() - i;
  if (rest == 0) return;
  std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16;
  if (rest == 2) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
  out += alphabet[(v >> 18) & 63];
  out += alphabet[(v >> 12) & 63];
  out += rest == 2 ? alphabet[(v >> 6) & 63] : '=';
  out += '=';
}


template <typename Int>
void append_integer(Int value, std::string& out) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)ec;  // 24 bytes hold any 64-bit integer
  out.append(buffer, end);
}

// A random (version 4) UUID from the user's own generator.
void append_uuid(UserRng& rng, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  std::uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  char text[36];
  int at = 0;
  auto put = [&](std::uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) text[at++] = hex[(v >> (4 * i)) & 15];
  };
  put(hi >> 32, 8);
  text[at++] = '-';
  put((hi >> 16) & 0xffff, 4);
  text[at++] = '-';
  put(hi & 0xffff, 4);
  text[at++] = '-';
  put(lo >> 48, 4);
  text[at++] = '-';
  put(lo & 0xffffffffffffULL, 12);
  out.append(text, sizeof text);
}

bool render_node(const Nodes& nodes, std::size_t i, const RenderContext& context, std::string& out, VariableId& missing);

// Applies an encoder to a call's single argument. Text and variables are
// encoded straight from where they live; only a nested call renders first,
// into a per-thread scratch string that keeps its capacity.
template <typename Encode>
bool render_unary(const Nodes& nodes, std::size_t arg, const RenderContext& context, std::string& out,
                  VariableId& missing, Encode encode) {
  const auto& a = nodes[arg];
  switch (a.kind) {
    case Template::Node::Kind::text: encode(a.text, out); return true;
    case Template::Node::Kind::variable:
      if (!context.variables.is_set(a.variable)) {
        missing = a.variable;
        return false;
      }
      encode(context.variables.get(a.variable), out);
      return true;
    case Template::Node::Kind::call: {
      const std::size_t start = out.size();
      if (!render_node(nodes, arg, context, out, missing)) return false;
      static thread_local std::string scratch;
      scratch.assign(out, start, std::string::npos);
      out.resize(start);
      encode(scratch, out);
      return true;
    }
  }
  return true;
}

bool render_node(const Nodes& nodes, std::size_t i, const RenderContext& context, std::string& out, VariableId& missing) {
  const auto& n = nodes[i];
  switch (n.kind) {
    case Template::Node::Kind::text: out += n.text; return true;
    case Template::Node::Kind::variable:
      if (!context.variables.is_set(n.variable)) {
        missing = n.variable;
        return false;
      }
      out += context.variables.get(n.variable);
      return true;
    case Template::Node::Kind::call: break;
  }
  switch (n.function) {
    case Function::urlencode: return render_unary(nodes, i + 1, context, out, missing, append_urlencoded);
    case Function::base64: return render_unary(nodes, i + 1, context, out, missing, append_base64);
    case Function::json_escape: return render_unary(nodes, i + 1, context, out, missing, syntax::append_json_escaped);
    case Function::random_int:
      append_integer(std::uniform_int_distribution<std::int64_t>(n.low, n.high)(context.rng), out);
      return true;
    case Function::uuid: append_uuid(context.rng, out); return true;
    case Function::env: out += n.text; return true;
    case Function::now_ms: {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      append_integer(std::chrono::duration_cast<std::chrono::milliseconds>(now).count(), out);
      return true;
    }
  }
  return true;
}

// ---------------------------------------------------------------- compiler
void flatten(const syntax::Expression& e, SymbolTable& symbols, Nodes& nodes) {
  using Kind = syntax::Expression::Kind;
  Template::Node n;
  switch (e.kind) {
    case Kind::variable:
      n.kind = Template::Node::Kind::variable;
      n.variable = symbols.intern(e.text);
      nodes.push_back(std::move(n));
      return;
    case Kind::integer:
    case Kind::string:
      n.text = e.text;
      nodes.push_back(std::move(n));
      return;
    case Kind::call: break;
  }
  n.kind = Template::Node::Kind::call;
  n.function = e.function;
  const std::size_t at = nodes.size();
  if (e.function == Function::env) {
    // Read once, when the scenario loads: a variable missing from the
    // environment stops the load and is named, instead of every request
    // failing; the value is kept as a secret of the scenario.
    const std::string& name = e.args[0].text;
    const char* value = std::getenv(name.c_str());
    if (!value)
      throw TemplateError{e.offset, fmt::format("environment variable {} is not set (export {}=... before running: "
                                                "${{env({})}} reads it)", name, name, name)};
    n.text = value;
    symbols.note_environment(name, n.text);
    nodes.push_back(std::move(n));
    return;
  }
  if (e.function == Function::random_int) {
    // The bounds are literals (checked by the parser): kept in the node.
    n.low = e.args[0].integer;
    n.high = e.args[1].integer;
    nodes.push_back(std::move(n));
    return;
  }
  nodes.push_back(std::move(n));
  for (const auto& a : e.args) flatten(a, symbols, nodes);
  nodes[at].size = static_cast<std::uint32_t>(nodes.size() - at);
}

const std::shared_ptr<const Nodes>& empty_nodes() {
  static const std::shared_ptr<const Nodes> empty = std::make_shared<const Nodes>();
  return empty;
}

}  // namespace

void syntax::append_json_escaped(std::string_view in, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  for (char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
}

Template::Template() : nodes_(empty_nodes()) {}

Template Template::literal(std::string text) {
  Template t;
  if (!text.empty()) {
    Nodes nodes(1);
    nodes[0].text = text;
    t.nodes_ = std::make_shared<const Nodes>(std::move(nodes));
  }
  t.source_ = std::move(text);
  return t;
}

Template Template::compile(std::string_view text, SymbolTable& symbols) {
  auto parsed = syntax::parse(text);
  if (auto* error = std::get_if<syntax::Error>(&parsed)) throw TemplateError{error->offset, error->message};
  Nodes nodes;
  for (const auto& piece : std::get<std::vector<syntax::Piece>>(parsed)) {
    if (piece.is_text) {
      Node n;
      n.text = piece.text;
      nodes.push_back(std::move(n));
    } else {
      flatten(piece.expression, symbols, nodes);
    }
  }
  Template t;
  if (!nodes.empty()) t.nodes_ = std::make_shared<const Nodes>(std::move(nodes));
  t.source_ = std::string(text);
  return t;
}

bool Template::is_literal() const {
  return nodes_->empty() || (nodes_->size() == 1 && nodes_->front().kind == Node::Kind::text);
}

const std::string& Template::source() const { return source_; }

std::vector<VariableId> Template::reads() const {
  std::vector<VariableId> ids;
  for (const auto& n : *nodes_)
    if (n.kind == Node::Kind::variable && std::find(ids.begin(), ids.end(), n.variable) == ids.end())
      ids.push_back(n.variable);
  return ids;
}

bool Template::render(const RenderContext& context, std::string& out, VariableId& missing) const {
  const auto& nodes = *nodes_;
  for (std::size_t i = 0; i < nodes.size(); i += nodes[i].size)
    if (!render_node(nodes, i, context, out, missing)) return false;
  return true;
}

}  // namespace rollcall::scenario
