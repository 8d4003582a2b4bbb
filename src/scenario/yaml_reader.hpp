#pragma once
// Reading YAML nodes into typed values, reporting every problem with its
// location instead of throwing: wrong types, unknown or duplicate keys,
// durations, sizes, think times. Getters return nullopt after reporting.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/model.hpp"
#include "scenario/problem.hpp"
#include "scenario/source_text.hpp"

namespace rollcall::scenario {

// A map entry, or a list item (then `key` is empty and `key_node` is the item).
struct Field {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

Field item(const YAML::Node& node);

class Fields {
 public:
  const Field* find(std::string_view key) const;
  const std::vector<Field>& all() const { return fields_; }
  std::vector<Field>& all() { return fields_; }

 private:
  std::vector<Field> fields_;
};

using Names = std::vector<std::string_view>;

class Reader {
 public:
  Reader(const SourceText& source, Problems& problems) : source_(source), problems_(problems) {}
  const SourceText& source() const { return source_; }
  Problems& problems() { return problems_; }

  Location where(const YAML::Node& node) const { return source_.at(node.Mark()); }
  // The value's location; the key's when the value is missing (an empty
  // value's mark points at whatever follows it).
  Location where(const Field& f) const;
  Location where_key(const Field& f) const { return where(f.key_node); }
  void problem(const Location& at, std::string message) { problems_.add(at, std::move(message)); }
  void problem(const Field& f, std::string message) { problem(where(f), std::move(message)); }
  void problem_key(const Field& f, std::string message) { problem(where_key(f), std::move(message)); }

  // "nothing", "a list", "a map", "'text'".
  static std::string describe(const YAML::Node& node);

  // The entries of a map. With `allowed`, other keys are reported (with
  // the closest allowed one) and left out; duplicate keys always are.
  // nullopt (reported) when the value is not a map.
  std::optional<Fields> map(const Field& f, std::string_view expected, const Names& allowed = {});
  std::optional<Fields> map_or_empty(const Field& f, std::string_view expected, const Names& allowed = {});
  // Reports the keys of `fields` that are not in `allowed`, and drops them.
  void only(Fields& fields, const Names& allowed, std::string_view in);
  std::optional<std::vector<Field>> list(const Field& f, std::string_view expected);
  // A scalar, or a list of them: `contains: x` or `contains: [x, y]`.
  std::vector<Field> one_or_more(const Field& f, std::string_view expected);

  std::optional<std::string> text(const Field& f, std::string_view expected);
  std::optional<std::int64_t> integer(const Field& f, std::string_view expected, std::int64_t min, std::int64_t max);
  std::optional<double> number(const Field& f, std::string_view expected);
  std::optional<bool> boolean(const Field& f);
  std::optional<Duration> duration(const Field& f);
  std::optional<Duration> positive_duration(const Field& f);  // a length: 0 refused
  std::optional<std::uint64_t> size(const Field& f);
  std::optional<Think> think(const Field& f);

  // Reports that a required key is missing from a map.
  void missing(const Field& map_field, std::string_view key, std::string_view what);

 private:
  void merge(const Field& m, Fields& fields);

  const SourceText& source_;
  Problems& problems_;
};

// The YAML 1.2 core schema for an unquoted scalar: what JSON type it is.
enum class PlainType { null, boolean, integer, floating, string };
PlainType plain_type(const YAML::Node& scalar);

}  // namespace rollcall::scenario
