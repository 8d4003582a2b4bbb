#pragma once
#include <stdexcept>
#include <string>

namespace rollcall {

// Something the user gave us is wrong. The CLI prints what() on one line and
// exits with exit_code::usage; nothing else is meant to catch it.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace rollcall
