#include "scenario/csv.hpp"

#include <fmt/format.h>

#include "scenario/utf8.hpp"

namespace rollcall::scenario {

namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

struct Record {
  int line = 0;
  std::vector<std::string> fields;
  std::vector<CsvPlace> starts;  // where each field starts
  int end_column = 0;        // just after the last field
  bool blank = false;
};

class CsvReader {
 public:
  CsvReader(std::string_view text, std::vector<CsvProblem>& problems) : text_(text), problems_(problems) {}

  bool at_end() const { return pos_ >= text_.size(); }

  // One record; false when the file ended inside a quoted field.
  bool record(Record& r) {
    r = Record{};
    r.line = line_;
    const std::size_t record_start = pos_;
    for (;;) {
      r.starts.push_back({line_, column()});
      std::string field;
      if (!at_end() && text_[pos_] == '"') {
        if (!quoted(field)) return false;
      } else {
        unquoted(field);
      }
      r.fields.push_back(std::move(field));
      if (!at_end() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      r.end_column = column();
      break;
    }
    r.blank = pos_ == record_start;
    end_of_line();
    return true;
  }

 private:
  int column() const { return static_cast<int>(pos_ - line_start_) + 1; }
  void problem(std::string message) { problems_.push_back({line_, column(), std::move(message)}); }

  void new_line() {
    ++line_;
    line_start_ = pos_;
  }

  void end_of_line() {
    if (at_end()) return;
    if (text_[pos_] == '\r') ++pos_;
    if (!at_end() && text_[pos_] == '\n') ++pos_;
    new_line();
  }

  bool is_line_end(char c) const { return c == '\n' || c == '\r'; }

  void unquoted(std::string& field) {
    bool reported = false;
    while (!at_end() && text_[pos_] != ',' && !is_line_end(text_[pos_])) {
      if (text_[pos_] == '"' && !reported) {
        problem("a quote inside a field that does not start with one: quote the whole field and write the quote twice");
        reported = true;
      }
      field += text_[pos_++];
    }
  }

  bool quoted(std::string& field) {
    const int open_line = line_, open_column = column();
    ++pos_;
    for (;;) {
      if (at_end()) {
        problems_.push_back({open_line, open_column, "a quoted field is not closed: expected a closing '\"'"});
        return false;
      }
      const char c = text_[pos_++];
      if (c == '"') {
        if (!at_end() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        break;
      }
      field += c;
      if (c == '\n') new_line();
    }
    if (!at_end() && text_[pos_] != ',' && !is_line_end(text_[pos_])) {
      problem(fmt::format("unexpected '{}' after a closing quote: expected ',' or the end of the line", text_[pos_]));
      while (!at_end() && text_[pos_] != ',' && !is_line_end(text_[pos_])) field += text_[pos_++];
    }
    return true;
  }

  std::string_view text_;
  std::vector<CsvProblem>& problems_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
};

// Line and column of a byte offset, for the UTF-8 check.
CsvProblem at_offset(std::string_view text, std::size_t offset, std::string message) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {line, static_cast<int>(offset - line_start) + 1, std::move(message)};
}

}  // namespace

CsvPlace CsvResult::place(std::size_t row, std::size_t field) const {
  if (row >= row_starts.size()) return {1, 1};
  const std::size_t end = row + 1 < row_starts.size() ? row_starts[row + 1] : places.size();
  const std::size_t at = row_starts[row] + field;
  return at < end ? places[at] : CsvPlace{1, 1};
}

CsvResult parse_csv(std::string_view text, bool with_places) {
  CsvResult result;
  auto& problems = result.problems;
  // A byte-order mark is what some spreadsheets write first; it is not part of the first column's name.
  const bool bom = text.substr(0, 3) == "\xEF\xBB\xBF";
  if (bom) text.remove_prefix(3);

  if (auto bad = invalid_utf8(text); bad != std::string_view::npos) {
    problems.push_back(at_offset(text, bad, "not UTF-8: save the file as UTF-8"));
    text = {};  // nothing more to say about a file in another encoding
  }

  CsvReader reader(text, problems);
  Record r;
  bool have_header = false;
  int header_line = 1;
  while (!reader.at_end()) {
    if (!reader.record(r)) break;
    if (r.blank) continue;
    if (!have_header) {
      have_header = true;
      header_line = r.line;
      for (std::size_t i = 0; i < r.fields.size(); ++i) {
        std::string name = trim(r.fields[i]);
        if (name.empty())
          problems.push_back({r.line, r.starts[i].column, fmt::format("column {} of the header has no name", i + 1)});
        for (std::size_t j = 0; j < i; ++j)
          if (!name.empty() && result.table.header[j] == name)
            problems.push_back({r.line, r.starts[i].column, fmt::format("column '{}' appears twice in the header", name)});
        result.table.header.push_back(std::move(name));
      }
      continue;
    }
    const std::size_t want = result.table.header.size();
    if (r.fields.size() != want) {
      const int column = r.fields.size() > want ? r.starts[want].column : r.end_column;
      problems.push_back({r.line, column, fmt::format("row has {} field{}, the header has {}", r.fields.size(),
                                                      r.fields.size() == 1 ? "" : "s", want)});
    }
    if (with_places) {
      result.row_starts.push_back(result.places.size());
      result.places.insert(result.places.end(), r.starts.begin(), r.starts.end());
    }
    result.table.rows.push_back(std::move(r.fields));
  }
  if (!have_header && problems.empty() && !text.empty())
    problems.push_back({1, 1, "the file has only blank lines: expected a header row naming the columns (such as "
                              "username,password), then one row per account"});
  else if (!have_header && problems.empty())
    problems.push_back({1, 1, "the file is empty: expected a header row naming the columns (such as "
                              "username,password), then one row per account"});
  else if (result.table.rows.empty() && problems.empty()) {
    problems.push_back({header_line, 1, "the file has a header but no rows: expected one row per account after it"});
    result.header_only = true;
  }
  if (bom) {  // columns count the file's bytes, the mark included
    for (auto& p : problems)
      if (p.line == 1) p.column += 3;
    for (auto& p : result.places)
      if (p.line == 1) p.column += 3;
  }
  return result;
}

}  // namespace rollcall::scenario
