#pragma once
// Where something was written, and durations: what every part of a
// scenario's model uses.
#include <chrono>
#include <string>

namespace rollcall::scenario {

using Duration = std::chrono::nanoseconds;

// Where something was written, for messages: "student.yaml:12:7".
struct Location {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based
  std::string str() const;
};

}  // namespace rollcall::scenario
