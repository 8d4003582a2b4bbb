#pragma once
// Reads a persona's flow: the steps, in the order they run, checking each
// template against what earlier steps define (Scope) and each explicit step
// name against the others (a name is one line of the report).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scenario/load_context.hpp"
#include "scenario/scope.hpp"

namespace rollcall::scenario {

class FlowParser {
 public:
  FlowParser(LoadContext& context, Scope& scope) : context_(context), reader_(context.reader), compiler_(context.compiler), scope_(scope) {}

  // A list of steps; `what` names it in messages ("the flow of persona 'student'").
  Steps steps(const Field& f, std::string_view what);

 private:
  std::optional<Step> step(const Field& item);
  // control flow (flow_parser.cpp)
  std::optional<FetchStep> fetch(const Fields& fields, const Field& kind);
  // The parts of a control step (then, steps, max...), from its map and
  // from beside its key; `inner` are the keys only its map may hold.
  std::optional<Fields> parts(const Fields& step_fields, const Field& kind, const Names& inner, std::string_view expected);
  std::optional<GroupStep> group(const Fields& step_fields, const Field& kind);
  std::optional<RepeatStep> repeat(const Fields& step_fields, const Field& kind);
  std::optional<WhileStep> while_loop(const Fields& step_fields, const Field& kind);
  std::optional<IfStep> if_else(const Fields& step_fields, const Field& kind);
  std::optional<Condition> condition(const Field& owner, const Fields& fields, std::string_view in);
  std::optional<std::string> explicit_name(const Fields& fields);
  // The name of a request or form step: a line of the report, so unique in
  // its persona once prefixed with its groups' names.
  void name_step(const Fields& fields, std::string& out);

  // requests (request_parser.cpp; expect and extract in response_parser.cpp)
  // Extractions take effect after the step, or after the whole fetch group
  // when `deferred` collects them.
  std::optional<RequestStep> request(const Fields& fields, const Field& kind, Method method,
                                     std::vector<Extraction>* deferred);
  std::optional<SubmitFormStep> submit_form(const Fields& fields, const Field& kind);
  std::vector<NamedTemplate> named_templates(const Field& f, std::string_view expected, bool headers);
  bool body(const Fields& fields, Method method, Body& out);
  std::optional<MultipartPart> multipart_part(const Field& item);
  Expect expect(const Fields& fields);
  std::vector<Extraction> extract(const Fields& fields);
  std::optional<Extraction> extraction(const Field& entry);
  RedirectPolicy redirects(const Fields& fields);
  std::optional<Duration> timeout(const Fields& fields);
  void define(const std::vector<Extraction>& extract);
  // The one of `keys` that `fields` has, in file order; nullptr if none;
  // &conflict (reported: "<rule>, and this one has 'a' and 'b'") if several.
  const Field* one_of(const Fields& fields, const Names& keys, std::string_view rule);
  static const Field conflict;

  LoadContext& context_;
  Reader& reader_;
  Compiler& compiler_;
  Scope& scope_;
  std::vector<std::string> prefix_;                      // names of the enclosing groups and fetches
  std::vector<std::pair<std::string, Location>> names_;  // explicit step names as the report shows them
};

}  // namespace rollcall::scenario
