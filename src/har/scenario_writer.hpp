#pragma once
// The scenario YAML of an imported recording, commented: where each
// extraction came from, which form a submit_form takes, what was dropped.
// Written by hand rather than with yaml-cpp's emitter: the layout (one
// step a block, comments above what they explain) is what a person edits
// next, and the emitter places comments only after values.
#include <string>

#include "har/correlation.hpp"
#include "har/journey_shape.hpp"

namespace rollcall::har {

struct WriterInput {
  std::string persona;
  std::string feeder_file;     // basename of the CSV beside the scenario
  std::string har_name;        // the recording's file name, for the header comment
  std::size_t recorded_entries = 0;
  std::vector<std::string> notes;  // about the file (entries reordered...)
};

std::string write_scenario(const Journey& journey, const Correlation& correlation, const WriterInput& input);

// A YAML double-quoted scalar.
std::string yaml_quoted(const std::string& text);
// "4200ms", "30s"
std::string duration_text(double ms);

}  // namespace rollcall::har
