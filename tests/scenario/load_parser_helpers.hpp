#pragma once
// Running one of the load parsers on the value of a top-level key of a
// small YAML text, as the loader will, and collecting its problems as
// "file:line:column: message" (file names without their folder).
#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/load_parser.hpp"
#include "scenario/objectives_parser.hpp"
#include "scenario/population_parser.hpp"
#include "scenario/profile_parser.hpp"

namespace rollcall::scenario::testing {

template <class T>
struct Parsed {
  std::optional<T> value;
  std::vector<std::string> problems;
};

template <class F>
auto parse_key(const std::string& yaml, const std::string& key, F parse) {
  SourceText source("scenario.yaml", yaml);
  Problems problems;
  Reader reader(source, problems);
  YAML::Node root = YAML::Load(yaml);
  Field f;
  for (auto it = root.begin(); it != root.end(); ++it)
    if (it->first.Scalar() == key) f = Field{key, it->first, it->second};
  auto value = parse(reader, f);
  Parsed<typename decltype(value)::value_type> out;
  out.value = std::move(value);
  for (const auto& p : problems.take())
    out.problems.push_back(std::filesystem::path(p.where.file).filename().string() + ":" + std::to_string(p.where.line) +
                           ":" + std::to_string(p.where.column) + ": " + p.message);
  return out;
}

inline auto load(const std::string& yaml, const std::filesystem::path& dir = ".") {
  return parse_key(yaml, "load", [&](Reader& r, const Field& f) { return parse_load(r, f, dir); });
}

inline auto slo(const std::string& yaml, const ObjectiveNames& names = {}) {
  return parse_key(yaml, "slo", [&](Reader& r, const Field& f) { return parse_slo(r, f, names); });
}

inline auto population(const std::string& yaml) {
  return parse_key(yaml, "population", [&](Reader& r, const Field& f) { return parse_population(r, f); });
}

inline auto arrival(const std::string& yaml, const std::filesystem::path& dir = ".") {
  return parse_key(yaml, "arrival", [&](Reader& r, const Field& f) { return parse_arrival(r, f, dir); });
}

}  // namespace rollcall::scenario::testing
