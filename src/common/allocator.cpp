#include "common/allocator.hpp"

#include <malloc.h>

namespace rollcall {

void keep_freed_memory() {
  // Blocks below 4 MiB come from the heap rather than from mmap of their own...
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  // ...and the heap gives back its free top only beyond 64 MiB, growing by
  // 16 MiB at a time (pages not touched cost no memory).
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TOP_PAD, 16 * 1024 * 1024);
}

}  // namespace rollcall
