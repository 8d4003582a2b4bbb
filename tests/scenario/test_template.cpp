// ${...} templates: compiling, rendering, functions, escapes, errors.
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <set>

#include "scenario/template.hpp"
#include "scenario/template_syntax.hpp"

using namespace rollcall::scenario;

namespace {

struct Fixture {
  SymbolTable symbols;
  Variables variables;
  rollcall::UserRng rng{42};

  Template compile(std::string_view text) {
    auto t = Template::compile(text, symbols);
    variables.resize(symbols.size());
    return t;
  }
  void set(std::string_view name, std::string value) {
    const auto id = symbols.intern(name);
    variables.resize(symbols.size());
    variables.set(id, std::move(value));
  }
  std::string render(const Template& t) {
    std::string out;
    VariableId missing = 0;
    RenderContext context{variables, rng};
    REQUIRE(t.render(context, out, missing));
    return out;
  }
};

TemplateError error_of(std::string_view text) {
  SymbolTable symbols;
  try {
    Template::compile(text, symbols);
  } catch (const TemplateError& e) {
    return e;
  }
  FAIL("'" << text << "' compiled");
  return {};
}

}  // namespace

TEST_CASE("symbol table: builtins first, names interned once") {
  SymbolTable s;
  CHECK(s.size() == 3);
  CHECK(s.name(SymbolTable::vu) == "vu");
  CHECK(s.name(SymbolTable::iteration) == "iteration");
  CHECK(s.name(SymbolTable::persona) == "persona");
  const auto id = s.intern("username");
  CHECK(id == 3);
  CHECK(s.intern("username") == id);
  REQUIRE(s.find("username") != nullptr);
  CHECK(*s.find("username") == id);
  CHECK(*s.find("vu") == SymbolTable::vu);
  CHECK(s.find("nobody") == nullptr);
}

TEST_CASE("plain text and variables render as written") {
  Fixture f;
  auto t = f.compile("/docs/${doc_id}.pdf?user=${ username }");
  f.set("doc_id", "123");
  f.set("username", "alice");
  CHECK(f.render(t) == "/docs/123.pdf?user=alice");
  CHECK(t.source() == "/docs/${doc_id}.pdf?user=${ username }");
  CHECK_FALSE(t.is_literal());
  const auto reads = t.reads();
  REQUIRE(reads.size() == 2);
  CHECK(f.symbols.name(reads[0]) == "doc_id");
  CHECK(f.symbols.name(reads[1]) == "username");
}

TEST_CASE("literals: empty, plain text, literal()") {
  Fixture f;
  CHECK(Template().is_literal());
  CHECK(f.render(Template()).empty());
  auto plain = f.compile("/portal");
  CHECK(plain.is_literal());
  CHECK(plain.reads().empty());
  CHECK(f.render(plain) == "/portal");
  auto lit = Template::literal("${not parsed}");
  CHECK(lit.is_literal());
  CHECK(f.render(lit) == "${not parsed}");
  CHECK(lit.source() == "${not parsed}");
}

TEST_CASE("$$ writes a dollar, a lone $ is text") {
  Fixture f;
  f.set("x", "1");
  CHECK(f.render(f.compile("$${x}")) == "${x}");
  CHECK(f.render(f.compile("cost: 5$ and $$$${x}")) == "cost: 5$ and $${x}");
  CHECK(f.render(f.compile("$$${x}")) == "$1");
  CHECK(f.render(f.compile("end$")) == "end$");
}

TEST_CASE("rendering appends to out") {
  Fixture f;
  f.set("a", "A");
  std::string out = "prefix:";
  VariableId missing = 0;
  RenderContext context{f.variables, f.rng};
  REQUIRE(f.compile("${a}").render(context, out, missing));
  CHECK(out == "prefix:A");
}

TEST_CASE("an unset variable fails the render and is named") {
  Fixture f;
  auto t = f.compile("/a/${set}/${unset}");
  f.set("set", "x");
  std::string out;
  VariableId missing = 999;
  RenderContext context{f.variables, f.rng};
  CHECK_FALSE(t.render(context, out, missing));
  CHECK(f.symbols.name(missing) == "unset");

  // Unset is not empty: an empty value renders.
  f.set("unset", "");
  out.clear();
  CHECK(t.render(context, out, missing));
  CHECK(out == "/a/x/");

  // A variable the user's vector has no room for is unset too.
  Variables few(1);
  RenderContext small{few, f.rng};
  out.clear();
  CHECK_FALSE(t.render(small, out, missing));
  CHECK(f.symbols.name(missing) == "set");
}

TEST_CASE("an unset variable inside a function call is named") {
  Fixture f;
  auto t = f.compile("${urlencode(base64(nothing))}");
  std::string out;
  VariableId missing = 0;
  RenderContext context{f.variables, f.rng};
  CHECK_FALSE(t.render(context, out, missing));
  CHECK(f.symbols.name(missing) == "nothing");
}

TEST_CASE("urlencode keeps RFC 3986 unreserved characters only") {
  Fixture f;
  f.set("service", "https://ent.example.fr/portal?a=1&b=é ~._-");
  CHECK(f.render(f.compile("${urlencode(service)}")) ==
        "https%3A%2F%2Fent.example.fr%2Fportal%3Fa%3D1%26b%3D%C3%A9%20~._-");
  CHECK(f.render(f.compile("${urlencode('a b')}")) == "a%20b");
  CHECK(f.render(f.compile("${urlencode('')}")).empty());
}

TEST_CASE("base64 pads as RFC 4648 says") {
  Fixture f;
  // RFC 4648 section 10 test vectors.
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [in, out] : vectors) {
    f.set("v", in);
    CHECK(f.render(f.compile("${base64(v)}")) == out);
  }
  f.set("user", "alice:s3cr\xc3\xa9t");
  CHECK(f.render(f.compile("Basic ${base64(user)}")) == "Basic YWxpY2U6czNjcsOpdA==");
}

TEST_CASE("json_escape escapes quotes, backslashes and control characters") {
  Fixture f;
  f.set("v", "say \"hi\"\\\n\t\x01 é");
  CHECK(f.render(f.compile("${json_escape(v)}")) == "say \\\"hi\\\"\\\\\\n\\t\\u0001 é");
}

TEST_CASE("nested calls compose") {
  Fixture f;
  f.set("v", "a b");
  CHECK(f.render(f.compile("${urlencode(base64(v))}")) == "YSBi");
  f.set("v", "?>?");
  CHECK(f.render(f.compile("${urlencode(base64(v))}")) == "Pz4%2F");
  CHECK(f.render(f.compile("${base64(urlencode(base64(v)))}x${v}")) == "UHo0JTJG" "x?>?");
}

TEST_CASE("random_int draws within its bounds, from the user's generator") {
  Fixture f;
  auto t = f.compile("${random_int(1, 6)}");
  std::set<std::string> seen;
  for (int i = 0; i < 600; ++i) {
    const auto s = f.render(t);
    const int v = std::stoi(s);
    CHECK(v >= 1);
    CHECK(v <= 6);
    seen.insert(s);
  }
  CHECK(seen.size() == 6);
  CHECK(f.render(f.compile("${random_int(-3, -3)}")) == "-3");
  // The same seed gives the same draws: a seeded run is reproducible.
  Fixture g1, g2;
  auto t1 = g1.compile("${random_int(0, 1000000)}");
  auto t2 = g2.compile("${random_int(0, 1000000)}");
  for (int i = 0; i < 10; ++i) CHECK(g1.render(t1) == g2.render(t2));
}

TEST_CASE("uuid is a random version 4 UUID") {
  Fixture f;
  auto t = f.compile("${uuid()}");
  const std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto u = f.render(t);
    CHECK(std::regex_match(u, v4));
    seen.insert(u);
  }
  CHECK(seen.size() == 100);
}

TEST_CASE("now_ms is the wall clock in milliseconds") {
  Fixture f;
  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  const long long v = std::stoll(f.render(f.compile("${now_ms()}")));
  const auto after = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  CHECK(v >= before);
  CHECK(v <= after);
}

TEST_CASE("literals: integers and quoted strings") {
  Fixture f;
  CHECK(f.render(f.compile("${42}")) == "42");
  CHECK(f.render(f.compile("${'it''s'}")) == "it's");
  CHECK(f.render(f.compile("${base64('it''s')}")) == "aXQncw==");
  CHECK(f.render(f.compile("${'}'}")) == "}");
}

TEST_CASE("compile errors give the offset of the problem") {
  auto check = [](std::string_view text, std::size_t offset, std::string_view message) {
    INFO(text);
    const auto e = error_of(text);
    CHECK(e.offset == offset);
    CHECK(e.message == message);
  };
  check("/a/${user", 3, "unterminated ${...}: expected '}'");
  check("/a/${}", 3, "empty ${}: expected a variable, a function call, an integer or a 'string'");
  check("${user name}", 7, "unexpected 'n' in ${...}: expected '}'");
  check("${urlencod(x)}", 2,
        "unknown function 'urlencod'; did you mean 'urlencode'? (functions: urlencode, base64, json_escape, random_int, "
        "uuid, now_ms, env)");
  check("${frobnicate()}", 2,
        "unknown function 'frobnicate' (functions: urlencode, base64, json_escape, random_int, uuid, now_ms, env)");
  check("${urlencode(a, b)}", 2, "urlencode() takes 1 argument, got 2");
  check("${uuid(x)}", 2, "uuid() takes no arguments, got 1");
  check("${random_int(1)}", 2, "random_int() takes 2 arguments, got 1");
  check("${random_int(1, x)}", 16, "random_int() takes two integers, such as random_int(1, 300)");
  check("${random_int(9, 1)}", 2, "random_int(9, 1): the first bound is above the second");
  check("x${'abc}", 3, "unterminated 'string': expected a closing quote (write '' for a quote inside)");
  check("${urlencode(x", 0, "unterminated ${...}: expected '}'");
  check("${urlencode(x;)}", 13, "unexpected ';' in the arguments of urlencode(): expected ',' or ')'");
  check("${#}", 2, "unexpected '#' in ${...}: expected a variable, a function call, an integer or a 'string'");
  check("${12ab}", 2, "a name starts with a letter or '_'; an integer has only digits");
  check("${99999999999999999999}", 2, "integer 99999999999999999999 does not fit in 64 bits");
}

TEST_CASE("the syntax gives each variable's offset, for messages") {
  auto parsed = syntax::parse("/a/${x}/${urlencode(y)}");
  REQUIRE(std::holds_alternative<std::vector<syntax::Piece>>(parsed));
  const auto& pieces = std::get<std::vector<syntax::Piece>>(parsed);
  const auto uses = syntax::variable_uses(pieces);
  REQUIRE(uses.size() == 2);
  CHECK(uses[0].name == "x");
  CHECK(uses[0].offset == 5);
  CHECK(uses[1].name == "y");
  CHECK(uses[1].offset == 20);
}

TEST_CASE("variables: clear unsets every value") {
  Variables v(3);
  v.set(1, "a");
  CHECK(v.is_set(1));
  CHECK_FALSE(v.is_set(0));
  CHECK_FALSE(v.is_set(7));
  v.clear();
  CHECK_FALSE(v.is_set(1));
  v.set(2, "b");
  CHECK(v.get(2) == "b");
}
