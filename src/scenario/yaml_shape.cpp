#include "scenario/yaml_shape.hpp"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace rollcall::scenario {

namespace {

class Shape : public YAML::EventHandler {
 public:
  struct Refused {};

  explicit Shape(const SourceText& source) : source_(source) {}
  std::optional<Problem> problem;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor, 0); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    leaf(mark, anchor, value.size());
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    start(mark, anchor);
  }
  void OnSequenceEnd() override { end(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    start(mark, anchor);
  }
  void OnMapEnd() override { end(); }
  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const std::string& name = anchor < names_.size() ? names_[anchor] : anchor_name_;
    if (anchor >= sizes_.size() || !sizes_[anchor])
      refuse(mark, fmt::format("the alias *{} is inside its own anchor &{}: it would repeat without end", name, name));
    const Size size = *sizes_[anchor];
    if (open_.size() + size.depth > static_cast<std::size_t>(yaml_deepest))
      refuse(mark, fmt::format("the alias *{} nests lists and maps more than {} deep", name, yaml_deepest));
    // Each anchor's size is bounded by the file and these sums, which stop
    // at their limits: no overflow.
    repeated_values_ += size.values;
    repeated_bytes_ += size.bytes;
    if (repeated_values_ > yaml_most_repeated_values)
      refuse(mark, fmt::format("too much repeated through aliases: with *{} ({} values) the file's aliases repeat more "
                               "than {} values; write the values out, or repeat fewer",
                               name, size.values, yaml_most_repeated_values));
    if (repeated_bytes_ > yaml_most_repeated_bytes)
      refuse(mark, fmt::format("too much repeated through aliases: with *{} ({} bytes of text) the file's aliases "
                               "repeat more than {} bytes; write the values out, or repeat fewer",
                               name, size.bytes, yaml_most_repeated_bytes));
    add(size);
  }

 private:
  struct Size {
    std::uint64_t values = 0, bytes = 0;
    std::size_t depth = 0;  // levels: 1 for a scalar, 2 for a list of them
  };
  struct Open {
    YAML::anchor_t anchor;
    Size size;
  };

  [[noreturn]] void refuse(const YAML::Mark& mark, std::string message) {
    problem = Problem{source_.at(mark), std::move(message)};
    throw Refused{};
  }

  // Sizes are known when the anchored node ends; an alias met before
  // that is inside it.
  void anchored(YAML::anchor_t anchor) {
    if (anchor == YAML::NullAnchor) return;
    if (sizes_.size() <= anchor) {
      sizes_.resize(anchor + 1);
      names_.resize(anchor + 1);
    }
    sizes_[anchor].reset();
    names_[anchor] = anchor_name_;
  }

  void add(const Size& size) {
    if (open_.empty()) return;
    Size& parent = open_.back().size;
    parent.values += size.values;
    parent.bytes += size.bytes;
    parent.depth = std::max(parent.depth, size.depth + 1);
  }

  void finish(YAML::anchor_t anchor, const Size& size) {
    if (anchor != YAML::NullAnchor) sizes_[anchor] = size;
    add(size);
  }

  void leaf(const YAML::Mark&, YAML::anchor_t anchor, std::size_t bytes) {
    anchored(anchor);
    finish(anchor, Size{1, bytes, 1});
  }

  void start(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (open_.size() + 1 > static_cast<std::size_t>(yaml_deepest))
      refuse(mark, fmt::format("lists and maps nested more than {} deep", yaml_deepest));
    anchored(anchor);
    open_.push_back({anchor, Size{1, 0, 1}});
  }

  void end() {
    const Open done = open_.back();
    open_.pop_back();
    finish(done.anchor, done.size);
  }

  const SourceText& source_;
  std::vector<Open> open_;
  std::vector<std::optional<Size>> sizes_;  // by anchor; empty while its node is open
  std::vector<std::string> names_;
  std::string anchor_name_;  // of the node that comes next
  std::uint64_t repeated_values_ = 0, repeated_bytes_ = 0;
};

}  // namespace

std::optional<Problem> yaml_shape_problem(const SourceText& source) {
  std::istringstream in(source.text());
  YAML::Parser parser(in);
  Shape shape(source);
  try {
    parser.HandleNextDocument(shape);
  } catch (const Shape::Refused&) {
    return shape.problem;
  } catch (const YAML::Exception&) {
    // Not YAML: loading it says where and why.
  }
  return std::nullopt;
}

}  // namespace rollcall::scenario
