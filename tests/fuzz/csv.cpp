// The feeders' CSV parser: any bytes give a table or problems, never a
// crash, and a table without problems is rectangular.
#include "fuzz_check.hpp"
#include "scenario/csv.hpp"

using namespace rollcall;

int fuzz_csv(const std::uint8_t* data, std::size_t size) {
  const scenario::CsvResult result = scenario::parse_csv(fuzz::as_text(data, size));
  for (const auto& p : result.problems)
    fuzz::check(p.line >= 1 && p.column >= 1 && !p.message.empty(), "a problem without a position or a message");
  if (result.problems.empty())
    for (const auto& row : result.table.rows)
      fuzz::check(row.size() == result.table.header.size(), "a row without problems is not as wide as the header");
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_csv(data, size); }
#endif
