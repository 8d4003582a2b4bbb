#pragma once
// Catch2 v2 has no SKIP: a test that cannot run here (a tool is missing)
// prints this marker and returns, and tests/CMakeLists.txt gives every test
// SKIP_REGULAR_EXPRESSION for it, so that ctest lists it as skipped
// instead of passed.
#include <iostream>
#include <string>

#define ROLLCALL_SKIP_MARKER "ROLLCALL-TEST-SKIPPED"

namespace rollcall::test {

inline void print_skipped(const std::string& reason) {
  std::cout << ROLLCALL_SKIP_MARKER ": " << reason << std::endl;
}

}  // namespace rollcall::test
