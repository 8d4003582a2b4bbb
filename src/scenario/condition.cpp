// Conditions of `if` and `while` steps, evaluated per virtual user.
#include <re2/re2.h>

#include "scenario/model.hpp"

namespace rollcall::scenario {

bool Condition::holds(const RenderContext& context) const {
  const auto& variables = context.variables;
  const bool set = variables.is_set(variable);
  switch (kind) {
    case Kind::defined: return set;
    case Kind::undefined: return !set;
    case Kind::equals:
    case Kind::not_equals: {
      // The value is rendered into a per-thread buffer: conditions run in
      // loops and must not allocate each time. An unset variable on either
      // side equals nothing.
      static thread_local std::string wanted;
      wanted.clear();
      VariableId missing = 0;
      const bool equal = set && value.render(context, wanted, missing) && variables.get(variable) == wanted;
      return kind == Kind::equals ? equal : !equal;
    }
    case Kind::matches: return set && regex && re2::RE2::PartialMatch(variables.get(variable), *regex);
  }
  return false;
}

}  // namespace rollcall::scenario
