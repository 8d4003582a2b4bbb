#pragma once
#include <time.h>

#include <chrono>

namespace rollcall::test {

// The CPU time this thread has used: unlike the wall clock, it does not
// grow while other processes hold the cores, so a bound on it separates
// linear from quadratic work on a loaded machine too.
inline std::chrono::duration<double> thread_cpu_time() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

}  // namespace rollcall::test
