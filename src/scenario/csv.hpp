#pragma once
// CSV files of accounts for feeders: RFC 4180 (fields in double quotes may
// hold commas, quotes written twice, and line breaks), a header row naming
// the columns, UTF-8, lines ending in CRLF or LF. Blank lines are skipped.
#include <string>
#include <string_view>
#include <vector>

namespace rollcall::scenario {

struct CsvProblem {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
  std::string message;
};

struct CsvTable {
  std::vector<std::string> header;            // names trimmed of surrounding spaces
  std::vector<std::vector<std::string>> rows;  // each as wide as the header when there are no problems
};

struct CsvResult {
  CsvTable table;
  std::vector<CsvProblem> problems;  // in file order; none means the table is complete
};

CsvResult parse_csv(std::string_view text);

}  // namespace rollcall::scenario
