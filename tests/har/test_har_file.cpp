// Reading a HAR file: what is kept of each entry, and every way a file is
// refused, in one sentence that says what was expected.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "har/fixtures.hpp"
#include "har/har_file.hpp"
#include "support/process.hpp"

using namespace rollcall;
using namespace rollcall::har;
using rollcall::test::har_fixture;

namespace {
std::string refusal(const std::string& text) {
  try {
    parse_har(text);
  } catch (const HarError& e) {
    return e.what();
  }
  return "accepted";
}
std::string refusal_of_file(const std::string& path) {
  try {
    read_har_file(path);
  } catch (const HarError& e) {
    return e.what();
  }
  return "accepted";
}
const std::string kEntry =
    R"({"startedDateTime":"2026-12-05T08:30:00.000Z","time":10,"request":{"method":"get","url":"http://e.fr/",)"
    R"("headers":[]},"response":{"status":200,"headers":[],"content":{"mimeType":"text/html; charset=utf-8",)"
    R"("text":"PGgxPk9LPC9oMT4=","encoding":"base64"}}})";
}  // namespace

TEST_CASE("har file: a Chrome export of a login against the built-in ENT, entry by entry") {
  const Recording rec = read_har_file(har_fixture("sim-student.har"));
  REQUIRE(rec.entries.size() == 11);
  CHECK(rec.notes.empty());
  const Entry& first = rec.entries[0];
  CHECK(first.method == "GET");
  CHECK(first.status == 302);
  CHECK(first.resource_type == "document");
  CHECK(first.redirect_url.find("/cas/login?service=") != std::string::npos);
  const Entry& post = rec.entries[2];
  CHECK(post.method == "POST");
  CHECK(post.post_mime == "application/x-www-form-urlencoded");
  REQUIRE(post.post_params.size() == 5);
  CHECK(post.post_params[0].first == "username");
  CHECK(post.post_params[3] == NameValue{"_eventId", "submit"});
  CHECK(rec.entries[5].resource_type == "stylesheet");
  CHECK(rec.entries[6].resource_type == "xhr");
  CHECK(rec.entries[6].mime == "application/json");
  CHECK(rec.entries[1].start_ms - rec.entries[0].start_ms == Approx(3).margin(0.5));
}

TEST_CASE("har file: bodies saved in base64 are decoded; methods and types normalised") {
  const Recording rec = parse_har(R"({"log":{"version":"1.2","entries":[)" + kEntry + "]}}");
  REQUIRE(rec.entries.size() == 1);
  CHECK(rec.entries[0].body == "<h1>OK</h1>");
  CHECK(rec.entries[0].method == "GET");
  CHECK(rec.entries[0].mime == "text/html");
  CHECK(rec.entries[0].resource_type == "document");  // guessed from the answer's type
}

TEST_CASE("har file: a form's params are read decoded, as the browser's export gives them encoded") {
  auto post = [](const std::string& post_data) {
    return R"({"log":{"version":"1.2","entries":[{"startedDateTime":"2026-12-05T08:30:00.000Z","time":10,)"
           R"("request":{"method":"POST","url":"http://e.fr/saml/acs","headers":[],"postData":)" +
           post_data + R"(},"response":{"status":200,"headers":[],"content":{"mimeType":"text/html"}}}]}})";
  };
  // Chrome: the body, and params split from it but not decoded.
  const Recording chrome = parse_har(post(
      R"({"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=PHNhbWw%2BeA%3D%3D&submit=Se+connecter",)"
      R"("params":[{"name":"SAMLResponse","value":"PHNhbWw%2BeA%3D%3D"},{"name":"submit","value":"Se+connecter"}]})"));
  REQUIRE(chrome.entries.size() == 1);
  const std::vector<NameValue> want{{"SAMLResponse", "PHNhbWw+eA=="}, {"submit", "Se connecter"}};
  CHECK(chrome.entries[0].post_params == want);
  // Params without the body: decoded the same way.
  const Recording params_only = parse_har(post(
      R"({"mimeType":"application/x-www-form-urlencoded",)"
      R"("params":[{"name":"SAMLResponse","value":"PHNhbWw%2BeA%3D%3D"},{"name":"submit","value":"Se+connecter"}]})"));
  REQUIRE(params_only.entries.size() == 1);
  CHECK(params_only.entries[0].post_params == want);
}

TEST_CASE("har file: Firefox's export has no _resourceType: Sec-Fetch-Dest and the types say it") {
  const Recording rec = read_har_file(har_fixture("other-sso-firefox.har"));
  std::vector<std::string> kinds;
  for (const auto& e : rec.entries) kinds.push_back(e.resource_type);
  CHECK(kinds == std::vector<std::string>{"document", "document", "stylesheet", "image", "document", "document",
                                          "document", "document", "script", "font", "xhr", "xhr", "xhr", "xhr",
                                          "document"});
  // Dates with an offset are the same instants as Chrome's in UTC.
  const Recording chrome = read_har_file(har_fixture("other-sso.har"));
  CHECK(rec.entries[4].start_ms == chrome.entries[4].start_ms);
}

TEST_CASE("har file: entries out of order are taken by their start, with a note") {
  const Recording rec = read_har_file(har_fixture("out-of-order.har"));
  REQUIRE(rec.notes.size() == 1);
  CHECK(rec.notes[0].find("startedDateTime") != std::string::npos);
  for (std::size_t i = 1; i < rec.entries.size(); ++i) CHECK(rec.entries[i - 1].start_ms <= rec.entries[i].start_ms);
  CHECK(rec.entries[4].url.ends_with("/portal"));
  CHECK(rec.entries[4].index == 6);  // its place in the file
}

TEST_CASE("har file: bad input is refused in one sentence saying what was expected") {
  CHECK(refusal_of_file(har_fixture("not-json.har")).starts_with("not JSON"));
  CHECK(refusal_of_file(har_fixture("har-1.1.har")) ==
        "HAR version 1.1 is not supported: expected HAR 1.2, as current Chrome and Firefox save");
  CHECK(refusal_of_file(har_fixture("truncated.har")).starts_with("the JSON ends before it is complete"));
  CHECK(refusal_of_file(har_fixture("no-entries.har")).starts_with("log.entries is empty"));
  CHECK(refusal_of_file(har_fixture("missing.har")).starts_with("cannot read the file"));
  CHECK(refusal("").starts_with("the file is empty"));
  CHECK(refusal("[1, 2]").starts_with("JSON without a 'log' object"));
  CHECK(refusal(R"({"log":{"entries":[]}})") == "log.version is missing: expected a HAR 1.2 file");
  CHECK(refusal(R"({"log":{"version":"1.2"}})").starts_with("log.entries is missing"));
  std::string no_date = kEntry;
  no_date.replace(no_date.find("startedDateTime"), 15, "started");
  CHECK(refusal(R"({"log":{"version":"1.2","entries":[)" + kEntry + "," + no_date + "]}}") ==
        "entry 2: 'startedDateTime' is missing, as HAR 1.2 requires it");
  std::string bad_url = kEntry;
  bad_url.replace(bad_url.find("http://e.fr/"), 12, "ftp://e.fr/");
  CHECK(refusal(R"({"log":{"version":"1.2","entries":[)" + bad_url + "]}}") ==
        "no http(s) request in log.entries: expected a login recorded in a browser");
  const Recording mixed = parse_har(R"({"log":{"version":"1.2","entries":[)" + kEntry + "," + bad_url + "]}}");
  CHECK(mixed.entries.size() == 1);
  CHECK(mixed.notes == std::vector<std::string>{"1 entry with another scheme than http(s) (data:, blob:, ws:...) left out"});
  std::string bad_date = kEntry;
  bad_date.replace(bad_date.find("2026-12-05T08:30:00.000Z"), 24, "yesterday");
  CHECK(refusal(R"({"log":{"version":"1.2","entries":[)" + bad_date + "]}}").starts_with("entry 1: startedDateTime"));
  // Found by fuzz_har: a status no int holds was converted unchecked.
  for (const std::string status : {"2e22", "-2", "1000"}) {
    std::string bad_status = kEntry;
    bad_status.replace(bad_status.find("\"status\":200"), 12, "\"status\":" + status);
    CHECK(refusal(R"({"log":{"version":"1.2","entries":[)" + bad_status + "]}}") ==
          "entry 1: response.status is not an HTTP status: expected 0 or a code such as 200");
  }
  // -1 is HAR's "not available": an exchange without an answer, as 0.
  std::string unknown_status = kEntry;
  unknown_status.replace(unknown_status.find("\"status\":200"), 12, "\"status\":-1");
  const Recording unanswered = parse_har(R"({"log":{"version":"1.2","entries":[)" + unknown_status + "]}}");
  REQUIRE(unanswered.entries.size() == 1);
  CHECK(unanswered.entries[0].status == 0);
}

TEST_CASE("har file: a file above the limit is refused before it is read") {
  // Sparse: 200 MiB of nothing, which costs no disk and would take
  // seconds and gigabytes to parse if the size were not checked first.
  const std::string path = rollcall::test::test_dir("har-big") + "/big.har";
  { std::ofstream(path).put('{'); }
  std::filesystem::resize_file(path, 200ull * 1024 * 1024);
  CHECK(refusal_of_file(path) ==
        "the file is 200 MiB, above the 100 MiB limit: record the login alone (clear the network tab, log in, save)");
  std::filesystem::remove(path);
}
