#include "cli/app.hpp"

int main(int argc, char** argv) { return rollcall::cli::run(argc, argv); }
