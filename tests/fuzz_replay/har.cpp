// The libFuzzer harness, compiled without its entry point (see fuzz_check.hpp).
#include "fuzz/har.cpp"
