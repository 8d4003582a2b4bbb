#pragma once
// Counts heap allocations on this thread while `counting` is set, by
// replacing the global operator new. Include it in exactly one file of a
// test binary: the replacement is the binary's.
#include <cstdlib>
#include <new>

namespace rollcall::test {
inline thread_local bool counting = false;
inline thread_local long allocations = 0;
}  // namespace rollcall::test

void* operator new(std::size_t size) {
  if (rollcall::test::counting) ++rollcall::test::allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (rollcall::test::counting) ++rollcall::test::allocations;
  return std::malloc(size ? size : 1);
}
// Every operator delete that can free what these return; the array and
// aligned forms stay the library's (or the sanitizer's), with their new.
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
