#pragma once
// A problem found in a scenario or its files, told as "file:line:column: message".
#include <string>
#include <utility>
#include <vector>

#include "scenario/model.hpp"

namespace rollcall::scenario {

struct Problem {
  Location where;
  std::string message;  // says what was expected: "expected a duration such as 500ms or 2s, got 'fast'"
};

// Collects problems while the loader walks the file, and gives them back in
// file order (the loader checks some things after the walk). A problem in
// another file (a feeder's CSV) sorts where that file is named.
class Problems {
 public:
  void add(Location where, std::string message);
  void add_elsewhere(Location where, std::string message, const Location& named_at);
  bool empty() const { return pending_.empty(); }
  std::size_t count() const { return pending_.size(); }
  std::vector<Problem> take();  // sorted, each told once

 private:
  struct Pending {
    int line, column;
    std::size_t sequence;
    Problem problem;
  };
  std::vector<Pending> pending_;
};

}  // namespace rollcall::scenario
