// The results stream reader (`rollcall report DIR`): a results.jsonl file,
// torn, edited or corrupted, gives a model or a std::runtime_error naming the
// line, never a crash or another exception.
#include <sstream>
#include <stdexcept>
#include <string>

#include "fuzz_check.hpp"
#include "report/results_stream.hpp"

using namespace rollcall;

int fuzz_results_stream(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(fuzz::as_text(data, size))};
  try {
    (void)report::read_results_stream(in);
  } catch (const std::runtime_error&) {
  }
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_results_stream(data, size);
}
#endif
