#include "cli/app.hpp"
#include "common/allocator.hpp"

int main(int argc, char** argv) {
  rollcall::keep_freed_memory();
  return rollcall::cli::run(argc, argv);
}
