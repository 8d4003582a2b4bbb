#pragma once

namespace rollcall::cli {

// Parses the command line, runs the chosen command and returns the exit code.
// Nothing escapes as an exception: usage errors become one line and code 2.
int run(int argc, char** argv);

}  // namespace rollcall::cli
