#include "scenario/scope.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "scenario/suggest.hpp"
#include "scenario/template_syntax.hpp"

namespace rollcall::scenario {

const std::vector<std::string_view>& Scope::builtins() {
  static const std::vector<std::string_view> names = {"vu", "iteration", "persona"};
  return names;
}

Scope::Scope(std::string persona, std::vector<std::string> columns, std::string feeder_file)
    : persona_(std::move(persona)), columns_(std::move(columns)), feeder_file_(std::move(feeder_file)) {
  for (auto b : builtins()) defined_.insert(std::string(b));
  for (const auto& c : columns_) defined_.insert(c);
}

void Scope::read(std::string_view name, const Location& at) {
  if (!defined(name)) undefined_reads_.push_back({std::string(name), at});
}

void Scope::extracted(const std::string& name, const Location& at) {
  if (!extraction(name)) extractions_.push_back({name, at});
}

void Scope::tested(const std::string& name, const Location& at) { tests_.push_back({name, at}); }

const Scope::Use* Scope::extraction(const std::string& name) const {
  for (const auto& e : extractions_)
    if (e.name == name) return &e;
  return nullptr;
}

std::string Scope::undefined_message(const std::string& name, bool tested) const {
  const auto functions = syntax::function_names();
  if (std::find(functions.begin(), functions.end(), name) != functions.end())
    return fmt::format("undefined variable '{}': to call the function, write ${{{}()}}", name, name);

  std::vector<std::string_view> known(builtins());
  for (const auto& c : columns_) known.push_back(c);
  for (const auto& e : extractions_) known.push_back(e.name);
  const auto guess = closest(name, known);

  std::string feeder = feeder_file_.empty()
                           ? std::string("it has no feeder")
                           : fmt::format("not a column of {} ({})", feeder_file_,
                                         join_names(std::vector<std::string_view>(columns_.begin(), columns_.end())));
  const std::string what = tested ? fmt::format("the condition tests '{}', which nothing sets in persona '{}'", name, persona_)
                                  : fmt::format("undefined variable '{}' in persona '{}'", name, persona_);
  return fmt::format("{}: not a builtin (vu, iteration, persona), {}, and no {}step extracts it{}", what, feeder,
                     tested ? "" : "earlier ", guess ? fmt::format("; did you mean '{}'?", *guess) : "");
}

void Scope::report(Problems& problems) const {
  for (const auto& r : undefined_reads_) {
    const Use* e = extraction(r.name);
    if (!e) {
      problems.add(r.at, undefined_message(r.name, false));
    } else if (e->at.line > r.at.line || (e->at.line == r.at.line && e->at.column > r.at.column)) {
      problems.add(r.at, fmt::format("'{}' is read before the step that extracts it (line {}): move the read after "
                                     "that step",
                                     r.name, e->at.line));
    } else {
      problems.add(r.at, fmt::format("'{}' is extracted at line {}, but not on the way to this step (by a request "
                                     "of the same fetch, which run in parallel, or in the other branch of an if)",
                                     r.name, e->at.line));
    }
  }
  for (const auto& t : tests_) {
    const bool settable = defined(t.name) || extraction(t.name) ||
                          std::find(columns_.begin(), columns_.end(), t.name) != columns_.end();
    if (!settable) problems.add(t.at, undefined_message(t.name, true));
  }
}

}  // namespace rollcall::scenario
