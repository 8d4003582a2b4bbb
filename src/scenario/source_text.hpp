#pragma once
// The scenario file's text, to turn yaml-cpp's marks into 1-based
// locations and to find the column of a character inside a scalar (quoted,
// escaped or block scalars move it away from the scalar's start).
#include <cstddef>
#include <string>
#include <vector>

#include <yaml-cpp/mark.h>

#include "scenario/model.hpp"

namespace rollcall::scenario {

class SourceText {
 public:
  SourceText(std::string file, std::string text);
  const std::string& file() const { return file_; }
  const std::string& text() const { return text_; }

  Location at(const YAML::Mark& mark) const;  // an unknown mark is 1:1
  Location at_byte(std::size_t offset) const { return at_position(offset); }
  // Where byte `offset` of the value of the scalar that starts at `scalar`
  // is written in the file.
  Location at_offset(const YAML::Mark& scalar, std::size_t offset) const;

 private:
  Location at_position(std::size_t pos) const;
  std::size_t position(const YAML::Mark& mark) const;

  std::string file_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace rollcall::scenario
