#pragma once
// The scenario YAML of an imported recording, commented: where each
// extraction came from, which form a submit_form takes, what was dropped.
// Written by hand rather than with yaml-cpp's emitter: the layout (one
// step a block, comments above what they explain) is what a person edits
// next, and the emitter places comments only after values.
#include <string>
#include <string_view>
#include <vector>

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

// The importer's last guard, over the whole scenario written: whether it
// holds one of `secrets` (Correlation::secrets). A secret of four
// characters or more is looked for anywhere. A shorter one (a login "jo")
// only where a value copied from the recording would stand whole: a quoted
// scalar ("jo"), a query or form value (=jo before &, # or the closing
// quote) or a path segment (/jo/), plain or percent-encoded. Anywhere else
// two letters are chance ("jo" in "journey"), as the correlator rules for a
// value with a secret inside.
bool scenario_holds_recorded_secret(std::string_view yaml, const std::vector<std::string>& secrets);

// A YAML double-quoted scalar.
std::string yaml_quoted(const std::string& text);
// "4200ms", "30s"
std::string duration_text(double ms);

}  // namespace rollcall::har
