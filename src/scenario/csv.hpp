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

struct CsvPlace {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
};

struct CsvTable {
  std::vector<std::string> header;            // names trimmed of surrounding spaces
  std::vector<std::vector<std::string>> rows;  // each as wide as the header when there are no problems
};

struct CsvResult {
  CsvTable table;
  std::vector<CsvProblem> problems;  // in file order; none means the table is complete
  // The one problem told is that a header has no rows after it: a file
  // started and not yet filled in (import-har writes one), which
  // `rollcall validate` accepts with a warning and nothing that sends
  // requests does.
  bool header_only = false;
  // With places asked for: where field `field` of row `row` starts, to tell
  // a bad value at its cell ({1, 1} for a field the row does not have).
  CsvPlace place(std::size_t row, std::size_t field) const;
  std::vector<CsvPlace> places;         // every row's fields, row after row
  std::vector<std::size_t> row_starts;  // row r's first field in `places`
};

// `with_places`: also keep where each field starts (a profile's few rows
// need them; a feeder's million accounts do not).
CsvResult parse_csv(std::string_view text, bool with_places = false);

}  // namespace rollcall::scenario
