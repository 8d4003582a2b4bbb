// Feeder CSV files: RFC 4180 quoting, line endings, ragged rows, bad files.
#include <catch2/catch.hpp>

#include "scenario/csv.hpp"
#include "scenario/feeder.hpp"

using namespace rollcall::scenario;

namespace {

std::vector<std::string> problems_of(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& p : parse_csv(text).problems)
    out.push_back(std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + p.message);
  return out;
}

}  // namespace

TEST_CASE("csv: header and rows, LF") {
  auto r = parse_csv("username,password\nalice,s3cret\nbob,hunter2\n");
  REQUIRE(r.problems.empty());
  CHECK(r.table.header == std::vector<std::string>{"username", "password"});
  REQUIRE(r.table.rows.size() == 2);
  CHECK(r.table.rows[0] == std::vector<std::string>{"alice", "s3cret"});
  CHECK(r.table.rows[1] == std::vector<std::string>{"bob", "hunter2"});
}

TEST_CASE("csv: CRLF line ends and no final line end") {
  auto r = parse_csv("username,password\r\nalice,s3cret\r\nbob,hunter2");
  REQUIRE(r.problems.empty());
  REQUIRE(r.table.rows.size() == 2);
  CHECK(r.table.rows[0][1] == "s3cret");
  CHECK(r.table.rows[1][1] == "hunter2");
}

TEST_CASE("csv: quoted fields hold commas, doubled quotes and line breaks") {
  auto r = parse_csv("name,note\r\n\"Dupont, Jean\",\"il a dit \"\"bonjour\"\"\"\n\"multi\nline\",\"\"\n");
  REQUIRE(r.problems.empty());
  REQUIRE(r.table.rows.size() == 2);
  CHECK(r.table.rows[0][0] == "Dupont, Jean");
  CHECK(r.table.rows[0][1] == "il a dit \"bonjour\"");
  CHECK(r.table.rows[1][0] == "multi\nline");
  CHECK(r.table.rows[1][1].empty());
}

TEST_CASE("csv: empty fields, trailing comma, UTF-8 and a byte-order mark") {
  auto r = parse_csv("\xEF\xBB\xBFusername , password\nélève,\n,x\n");
  REQUIRE(r.problems.empty());
  CHECK(r.table.header == std::vector<std::string>{"username", "password"});
  CHECK(r.table.rows[0] == std::vector<std::string>{"élève", ""});
  CHECK(r.table.rows[1] == std::vector<std::string>{"", "x"});
}

TEST_CASE("csv: blank lines are skipped") {
  auto r = parse_csv("\nusername\n\nalice\n\r\nbob\n\n");
  REQUIRE(r.problems.empty());
  CHECK(r.table.header == std::vector<std::string>{"username"});
  CHECK(r.table.rows.size() == 2);
}

TEST_CASE("csv: a ragged row is told at its line and column") {
  CHECK(problems_of("username,password\nalice,a,b\n") ==
        std::vector<std::string>{"2:9: row has 3 fields, the header has 2"});
  CHECK(problems_of("username,password\nalice,a\nbob\n") ==
        std::vector<std::string>{"3:4: row has 1 field, the header has 2"});
  // After a quoted field over two lines, lines still count.
  CHECK(problems_of("a,b\n\"x\ny\",1\nz,1,2\n") == std::vector<std::string>{"4:5: row has 3 fields, the header has 2"});
  CHECK(problems_of("a,b\r\nx,1,2\r\n") == std::vector<std::string>{"2:5: row has 3 fields, the header has 2"});
}

TEST_CASE("csv: empty files and files without rows") {
  CHECK(problems_of("") == std::vector<std::string>{
                               "1:1: the file is empty: expected a header row naming the columns (such as "
                               "username,password), then one row per account"});
  CHECK(problems_of("\n\n") == std::vector<std::string>{
                                   "1:1: the file has only blank lines: expected a header row naming the columns "
                                   "(such as username,password), then one row per account"});
  CHECK(problems_of("username,password\n") ==
        std::vector<std::string>{"1:1: the file has a header but no rows: expected one row per account after it"});
}

TEST_CASE("csv: a header without rows is told apart from other problems") {
  auto only_header = parse_csv("\nusername,password\n\n");
  CHECK(only_header.header_only);
  REQUIRE(only_header.problems.size() == 1);
  CHECK(only_header.problems[0].line == 2);
  CHECK(only_header.table.header == std::vector<std::string>{"username", "password"});
  CHECK_FALSE(parse_csv("").header_only);
  CHECK_FALSE(parse_csv("a,,a\n").header_only);  // a header with problems of its own
  CHECK_FALSE(parse_csv("username,password\nalice,x\n").header_only);
}

TEST_CASE("csv: quoting mistakes") {
  CHECK(problems_of("a,b\nx,\"open\n") ==
        std::vector<std::string>{"2:3: a quoted field is not closed: expected a closing '\"'"});
  CHECK(problems_of("a,b\n\"x\"y,1\n") ==
        std::vector<std::string>{"2:4: unexpected 'y' after a closing quote: expected ',' or the end of the line"});
  CHECK(problems_of("a,b\nO\"Brien,1\n") ==
        std::vector<std::string>{"2:2: a quote inside a field that does not start with one: quote the whole field "
                                 "and write the quote twice"});
}

TEST_CASE("csv: header names must be there and distinct") {
  CHECK(problems_of("a,,b\n1,2,3\n") == std::vector<std::string>{"1:3: column 2 of the header has no name"});
  CHECK(problems_of("a,b,a\n1,2,3\n") == std::vector<std::string>{"1:5: column 'a' appears twice in the header"});
}

TEST_CASE("csv: bytes that are not UTF-8") {
  CHECK(problems_of("a,b\nx,caf\xe9\n") == std::vector<std::string>{"2:6: not UTF-8: save the file as UTF-8"});
  CHECK(problems_of("\xEF\xBB\xBF" "a\xff,b\n") == std::vector<std::string>{"1:5: not UTF-8: save the file as UTF-8"});
}

TEST_CASE("secret columns are named like credentials") {
  for (auto name : {"password", "Password", "user_passwd", "PWD", "client_secret", "csrf_token", "TICKET", "st_ticket",
                    "SAMLResponse", "execution"})
    CHECK(is_secret_column(name));
  for (auto name : {"username", "email", "class", "uai", "pass"}) CHECK_FALSE(is_secret_column(name));
}
