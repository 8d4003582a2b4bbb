// Rendering runs for every request of every virtual user: it must not
// allocate beyond the growth of the output string; and loading a file whose
// aliases would expand without bound allocates as for the file itself.
// Counted with a global operator new that this test binary replaces.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "helpers.hpp"
#include "scenario/template.hpp"
#include "support/allocation_counter.hpp"

using rollcall::test::allocations;
using rollcall::test::counting;

using namespace rollcall::scenario;

TEST_CASE("rendering into a string with room allocates nothing") {
  SymbolTable symbols;
  auto t = Template::compile("/cas/login?service=${urlencode(service)}&user=${username}&b=${base64(username)}&n="
                             "${random_int(1, 300)}&id=${uuid()}&t=${now_ms()}&j=${json_escape(username)}",
                             symbols);
  auto nested = Template::compile("${urlencode(base64(username))}", symbols);
  Variables variables(symbols.size());
  variables.set(*symbols.find("service"), "https://ent.example.fr/portal/with/a/long/path?and=query");
  variables.set(*symbols.find("username"), "a.user.name.long.enough.to.not.fit.in.sso@example.fr");
  rollcall::UserRng rng(1);
  RenderContext context{variables, rng};
  std::string out;
  out.reserve(4096);
  VariableId missing = 0;
  // Once, for the per-thread scratch buffer of nested calls to grow.
  REQUIRE(nested.render(context, out, missing));
  out.clear();

  counting = true;
  allocations = 0;
  bool ok = true;
  for (int i = 0; i < 100; ++i) {
    out.clear();
    ok = t.render(context, out, missing) && nested.render(context, out, missing) && ok;
  }
  counting = false;
  CHECK(ok);
  CHECK(allocations == 0);
}

TEST_CASE("refusing a billion laughs allocates as for the file, not for its expansion") {
  // Nine lists of nine aliases to the one before, in a JSON body: 387
  // million values once expanded.
  std::string text =
      "target: http://127.0.0.1:8080/\npersonas:\n  s:\n    flow:\n      - post: /api\n        json:\n"
      "          a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    text += fmt::format("          {}: &{} [", level, level);
    for (int i = 0; i < 9; ++i) text += fmt::format("{}*{}", i ? ", " : "", static_cast<char>(level - 1));
    text += "]\n";
  }
  testing::Files files;
  const auto path = files.write("scenario.yaml", text);
  counting = true;
  allocations = 0;
  const auto r = load_scenario(path);
  counting = false;
  CHECK_FALSE(r.scenario);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message.rfind("too much repeated through aliases", 0) == 0);
  // A few per value written (about 110 of them), far from the expansion's.
  CHECK(allocations < 5000);
}
