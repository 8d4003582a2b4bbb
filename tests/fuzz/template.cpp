// ${...} templates: compiling any text gives a template or a TemplateError
// pointing inside the text; a compiled template renders once its variables
// are set, and reports an unset one by an id it reads.
#include <algorithm>
#include <string>

#include "fuzz_check.hpp"
#include "scenario/template.hpp"

using namespace rollcall;

int fuzz_template(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  scenario::SymbolTable symbols;
  scenario::Template t;
  try {
    t = scenario::Template::compile(text, symbols);
  } catch (const scenario::TemplateError& e) {
    fuzz::check(e.offset <= text.size(), "a TemplateError offset past the end of the text");
    fuzz::check(!e.message.empty(), "a TemplateError without a message");
    return 0;
  }
  const auto reads = t.reads();
  for (auto id : reads) fuzz::check(id < symbols.size(), "a template reads an id the symbol table lacks");

  UserRng rng(size);
  std::string out;
  scenario::VariableId missing = 0;
  {
    scenario::Variables unset(symbols.size());
    const bool rendered = t.render({unset, rng}, out, missing);
    if (!rendered) fuzz::check(std::find(reads.begin(), reads.end(), missing) != reads.end(), "an unset variable it does not read");
    if (!reads.empty()) fuzz::check(!rendered, "rendered although a variable it reads was unset");
  }
  scenario::Variables values(symbols.size());
  for (scenario::VariableId id = 0; id < symbols.size(); ++id) values.set(id, id % 2 ? "a b&c\"d'\\e\x01" : "42");
  out.clear();
  fuzz::check(t.render({values, rng}, out, missing), "a template did not render with every variable set");
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_template(data, size); }
#endif
