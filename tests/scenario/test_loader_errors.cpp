// Every problem the loader reports, with its exact line and column.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace rollcall::scenario;
using namespace rollcall::scenario::testing;
using Lines = std::vector<std::string>;

namespace {

// A valid scenario around one persona's flow (starting at line 5).
std::string with_flow(const std::string& steps) {
  return "target: http://127.0.0.1:8080/\n"
         "personas:\n"
         "  student:\n"
         "    flow:\n" +
         steps;
}

}  // namespace

TEST_CASE("loader: a missing or empty file") {
  auto r = load_scenario("/nonexistent/dir/scenario.yaml");
  CHECK_FALSE(r.scenario);
  CHECK(problem_lines(r) == Lines{"scenario.yaml:1:1: no such scenario file"});
  CHECK(problems("") == Lines{"scenario.yaml:1:1: the file is empty: expected a scenario, a map with target and personas"});
  CHECK(problems("# only a comment\n") ==
        Lines{"scenario.yaml:1:1: the file is empty: expected a scenario, a map with target and personas"});
}

TEST_CASE("loader: not YAML") {
  CHECK(problems("target: [http://x\npersonas: {}\n") ==
        Lines{"scenario.yaml:2:9: not valid YAML: end of sequence flow not found"});
  CHECK(problems("target: x\n\tpersonas: {}\n") == Lines{"scenario.yaml:2:1: not valid YAML: illegal tab when looking for indentation"});
  CHECK(problems("a: b: c\n") == Lines{"scenario.yaml:1:5: not valid YAML: illegal map value"});
  CHECK(problems("target: http://x/\npersonas:\n  s\xff: {flow: [{get: /}]}\n") ==
        Lines{"scenario.yaml:3:4: not UTF-8: save the file as UTF-8"});
  // Messages quote what the file says, never raw control bytes.
  const auto control = problems("target: \"http://x/\\x01\"\npersonas: {s: {flow: [{get: /}]}}\n");
  REQUIRE(control.size() == 1);
  CHECK(control[0].rfind("scenario.yaml:1:9: target: invalid URL 'http://x/\\x01'", 0) == 0);  // the rest is the URL parser's
  CHECK(problems("just some text\n") ==
        Lines{"scenario.yaml:1:1: expected the scenario (a map with target, defaults and personas), got 'just some text'"});
}

TEST_CASE("loader: wrong types") {
  CHECK(problems("target: [a, b]\npersonas: {s: {flow: [{get: /}]}}\n") ==
        Lines{"scenario.yaml:1:9: expected a base URL such as https://ent.example.fr/, got a list"});
  CHECK(problems(with_flow("      - get: /\n        headers: [a, b]\n")) ==
        Lines{"scenario.yaml:6:18: expected a map of header names to values, got a list"});
  CHECK(problems(with_flow("      - get: {url: /}\n")) ==
        Lines{"scenario.yaml:5:14: expected a URL (absolute, or relative to the target such as /portal), got a map"});
  CHECK(problems(with_flow("      - get\n")) ==
        Lines{"scenario.yaml:5:9: expected a step (a map such as {get: /portal}), got 'get'"});
  CHECK(problems("target: http://x/\npersonas:\n  s:\n    flow: {get: /}\n") ==
        Lines{"scenario.yaml:4:11: expected the flow of persona 's': a list of steps, got a map"});
  CHECK(problems(with_flow("      - get: /\n        redirects: {follow: yes}\n")) ==
        Lines{"scenario.yaml:6:29: expected true or false, got 'yes'"});
  CHECK(problems("target: http://x/\ndefaults: {max_connections_per_host: 0}\npersonas: {s: {flow: [{get: /}]}}\n") ==
        Lines{"scenario.yaml:2:38: expected a number of connections from 1 to 64, got '0'"});
}

TEST_CASE("loader: missing keys") {
  CHECK(problems("personas: {s: {flow: [{get: /}]}}\n") ==
        Lines{"scenario.yaml:1:1: missing key 'target' in the scenario (the base URL, such as https://ent.example.fr/)"});
  CHECK(problems("target: http://x/\n") ==
        Lines{"scenario.yaml:1:1: missing key 'personas' in the scenario (who the users are and what they do)"});
  CHECK(problems("target: http://x/\npersonas:\n  student:\n    weight: 1\n") ==
        Lines{"scenario.yaml:3:3: missing key 'flow' in persona 'student' (the steps of its journey)"});
  CHECK(problems(with_flow("      - group: {name: g}\n")) == Lines{"scenario.yaml:5:9: missing key 'steps' in a group"});
  CHECK(problems(with_flow("      - get: /\n        extract: {x: {form: '#f'}}\n")) ==
        Lines{"scenario.yaml:6:19: missing key 'field' in a form extraction (the name of the form's field)"});
}

TEST_CASE("loader: unknown keys name the allowed ones and the closest") {
  CHECK(problems(with_flow("      - get: /\n        hedaers: {A: b}\n")) ==
        Lines{"scenario.yaml:6:9: unknown key 'hedaers' in a get step; did you mean 'headers'? (allowed: get, name, "
              "headers, query, form, json, multipart, body, expect, extract, redirects, timeout)"});
  CHECK(problems("target: http://x/\ntargte: 1\npersonas: {s: {flow: [{get: /}]}}\n") ==
        Lines{"scenario.yaml:2:1: unknown key 'targte' in the scenario (a map with target, defaults and personas); "
              "did you mean 'target'? (allowed: target, description, defaults, personas, load, slo, population, "
              "admission)"});
  CHECK(problems(with_flow("      - think: 1s\n        name: pause\n")) ==
        Lines{"scenario.yaml:6:9: unknown key 'name' in a think step (allowed: think)"});
  CHECK(problems(with_flow("      - gte: /\n")) ==
        Lines{"scenario.yaml:5:9: unknown step kind 'gte'; did you mean 'get'? (a step is one of: get, post, put, "
              "delete, patch, head, submit_form, fetch, group, repeat, while, if, think)"});
  CHECK(problems(with_flow("      - url: /\n")) ==
        Lines{"scenario.yaml:5:9: expected a step: a map with one of get, post, put, delete, patch, head, "
              "submit_form, fetch, group, repeat, while, if, think; got the keys url"});
  CHECK(problems(with_flow("      - get: /\n        post: /\n")) ==
        Lines{"scenario.yaml:6:9: a step does one thing, and this one has 'get' and 'post': make them two steps"});
  CHECK(problems(with_flow("      - get: /\n        expect: {staus: 200}\n")) ==
        Lines{"scenario.yaml:6:18: unknown key 'staus' in expectations: {status, contains, matches, json}; did you "
              "mean 'status'? (allowed: status, contains, matches, json)"});
}

TEST_CASE("loader: a control step's parts, in its map or beside it, once") {
  CHECK(problems(with_flow("      - if: {defined: vu, then: [{get: /}]}\n        then: [{get: /}]\n")) ==
        Lines{"scenario.yaml:6:9: 'then' is given twice: in the if's map (line 5) and beside it"});
  CHECK(problems(with_flow("      - repeat: 2\n        count: 3\n        steps: [{get: /}]\n")) ==
        Lines{"scenario.yaml:6:9: the count is already given by 'repeat: N'"});
  CHECK(problems(with_flow("      - if: {defined: vu}\n        steps: [{get: /}]\n")) ==
        Lines{"scenario.yaml:5:9: missing key 'then' in an if",
              "scenario.yaml:6:9: unknown key 'steps' in an if step (allowed: if, then, else)"});
  CHECK(problems(with_flow("      - while: {defined: vu}\n        then: [{get: /}]\n")) ==
        Lines{"scenario.yaml:5:9: missing key 'steps' in a while",
              "scenario.yaml:6:9: unknown key 'then' in a while step (allowed: while, max, steps)"});
  CHECK(problems(with_flow("      - group: [a]\n        steps: [{get: /}]\n")) ==
        Lines{"scenario.yaml:5:16: expected a group's name or its map {name, steps}, got a list"});
}

TEST_CASE("loader: duplicate keys") {
  CHECK(problems(with_flow("      - get: /\n        name: a\n        name: b\n")) ==
        Lines{"scenario.yaml:7:9: duplicate key 'name' (first at line 6)"});
}

TEST_CASE("loader: bad durations and sizes") {
  CHECK(problems("target: http://x/\ndefaults: {timeout: fast}\npersonas: {s: {flow: [{get: /}]}}\n") ==
        Lines{"scenario.yaml:2:21: expected a duration such as 500ms or 2s, got 'fast'"});
  CHECK(problems(with_flow("      - think: 2\n")) ==
        Lines{"scenario.yaml:5:16: expected a duration such as 500ms or 2s, got '2': give a unit (2s or 2ms)"});
  CHECK(problems(with_flow("      - think: {uniform: [3s, 1s]}\n")) ==
        Lines{"scenario.yaml:5:26: uniform: the minimum 3s is above the maximum 1s"});
  CHECK(problems(with_flow("      - think: {normal: [2s]}\n")) ==
        Lines{"scenario.yaml:5:25: expected two durations, [mean, standard deviation], got a list of 1"});
  CHECK(problems(with_flow("      - think: {gaussian: 2s}\n")) ==
        Lines{"scenario.yaml:5:17: unknown key 'gaussian' in a think time (allowed: uniform, exponential, normal)"});
  CHECK(problems(with_flow("      - get: /\n        timeout: 0s\n")) ==
        Lines{"scenario.yaml:6:18: expected a timeout above 0, such as 10s"});
  CHECK(problems(with_flow("      - post: /upload\n        multipart: [{name: f, bytes: 3 parsecs}]\n")) ==
        Lines{"scenario.yaml:6:38: expected a size such as 512B, 300KB or 2MiB, got '3 parsecs'"});
}

TEST_CASE("loader: duplicate step names within a persona") {
  CHECK(problems(with_flow("      - get: /a\n        name: home\n      - get: /b\n        name: home\n")) ==
        Lines{"scenario.yaml:8:15: duplicate step name 'home' in persona 'student' (first at line 6): each name is one "
              "line of the report"});
  // The same name in two groups is two lines of the report; in two personas too.
  CHECK(problems(with_flow("      - group: {name: a, steps: [{get: /, name: x}]}\n"
                           "      - group: {name: b, steps: [{get: /, name: x}]}\n")) == Lines{});
  CHECK(problems("target: http://x/\npersonas:\n  a: {flow: [{get: /, name: x}]}\n  b: {flow: [{get: /, name: x}]}\n") ==
        Lines{});
  CHECK(problems(with_flow("      - fetch: [{get: /a, name: x}, {get: /b, name: x}]\n")) ==
        Lines{"scenario.yaml:5:53: duplicate step name 'x' in persona 'student' (first at line 5): each name is one "
              "line of the report"});
}

TEST_CASE("loader: duplicate persona names") {
  CHECK(problems("target: http://x/\npersonas:\n  s: {flow: [{get: /}]}\n  s: {flow: [{get: /}]}\n") ==
        Lines{"scenario.yaml:4:3: duplicate key 's' (first at line 3)"});
}

TEST_CASE("loader: weights") {
  CHECK(problems("target: http://x/\npersonas:\n  s: {weight: -1, flow: [{get: /}]}\n") ==
        Lines{"scenario.yaml:3:15: expected a weight of 0 or more, got -1"});
  CHECK(problems("target: http://x/\npersonas:\n  s: {weight: 0, flow: [{get: /}]}\n  t: {weight: 0, flow: [{get: /}]}\n") ==
        Lines{"scenario.yaml:3:3: the personas' weights sum to 0: give at least one a weight above 0"});
  CHECK(problems("target: http://x/\npersonas:\n  s: {weight: many, flow: [{get: /}]}\n") ==
        Lines{"scenario.yaml:3:15: expected a weight: a share of arrivals, 0 or more, such as 80, got 'many'"});
}

TEST_CASE("loader: template syntax errors point inside the value") {
  CHECK(problems(with_flow("      - get: /docs/${id\n")) ==
        Lines{"scenario.yaml:5:20: unterminated ${...}: expected '}'"});
  // Quoted scalars: the column counts the quote and the escapes.
  CHECK(problems(with_flow("      - get: \"/a\\t/${}\"\n")) ==
        Lines{"scenario.yaml:5:20: empty ${}: expected a variable, a function call, an integer or a 'string'"});
  CHECK(problems(with_flow("      - get: '/it''s/${uuid(1)}'\n")) ==
        Lines{"scenario.yaml:5:24: uuid() takes no arguments, got 1"});
  // A block scalar: the line and column of the text inside it.
  CHECK(problems(with_flow("      - post: /\n        body: |\n          line one\n          ${nope(1)}\n")) ==
        Lines{"scenario.yaml:8:13: unknown function 'nope' (functions: urlencode, base64, json_escape, random_int, "
              "uuid, now_ms, env)"});
  CHECK(problems(with_flow("      - get: /${urlencod(vu)}\n")) ==
        Lines{"scenario.yaml:5:17: unknown function 'urlencod'; did you mean 'urlencode'? (functions: urlencode, "
              "base64, json_escape, random_int, uuid, now_ms, env)"});
}

TEST_CASE("loader: undefined variables") {
  CHECK(problems(with_flow("      - get: /a/${ticket}\n")) ==
        Lines{"scenario.yaml:5:19: undefined variable 'ticket' in persona 'student': not a builtin (vu, iteration, "
              "persona), it has no feeder, and no earlier step extracts it"});
  CHECK(problems(with_flow("      - get: /b\n        extract: {ticket: {header: X-T}}\n      - get: /a?t=${tikcet}\n")) ==
        Lines{"scenario.yaml:7:21: undefined variable 'tikcet' in persona 'student': not a builtin (vu, iteration, "
              "persona), it has no feeder, and no earlier step extracts it; did you mean 'ticket'?"});
  CHECK(problems(with_flow("      - get: /a?t=${ticket}\n      - get: /b\n        extract: {ticket: {header: X-T}}\n")) ==
        Lines{"scenario.yaml:5:21: 'ticket' is read before the step that extracts it (line 7): move the read after "
              "that step"});
  CHECK(problems(with_flow("      - get: /${uuid}\n")) ==
        Lines{"scenario.yaml:5:17: undefined variable 'uuid': to call the function, write ${uuid()}"});
  // A request's own extraction is not there for its URL.
  CHECK(problems(with_flow("      - get: /${t}\n        extract: {t: {header: X}}\n")) ==
        Lines{"scenario.yaml:5:17: 't' is read before the step that extracts it (line 6): move the read after that "
              "step"});
  // Parallel requests do not see each other's extractions.
  CHECK(problems(with_flow("      - fetch:\n          - get: /a\n            extract: {t: {header: X}}\n"
                           "          - get: /b/${t}\n")) ==
        Lines{"scenario.yaml:8:23: 't' is extracted at line 7, but not on the way to this step (by a request of the "
              "same fetch, which run in parallel, or in the other branch of an if)"});
  // Builtins are always defined; an extraction in a branch may be defined after it.
  CHECK(problems(with_flow("      - get: /${vu}/${iteration}/${persona}\n"
                           "      - if:\n          equals: [persona, student]\n          then:\n            - get: /x\n"
                           "              extract: {maybe: {cookie: JSESSIONID, optional: true}}\n"
                           "      - get: /y/${maybe}\n")) == Lines{});
  // Default headers are read by every persona's first request.
  CHECK(problems("target: http://x/\ndefaults:\n  headers: {X-User: '${username}'}\npersonas:\n"
                 "  s: {flow: [{get: /}]}\n") ==
        Lines{"scenario.yaml:3:24: undefined variable 'username' in persona 's': not a builtin (vu, iteration, "
              "persona), it has no feeder, and no earlier step extracts it"});
  // A condition may test a variable not yet set, but not one nothing sets.
  CHECK(problems(with_flow("      - while: {undefined: token, max: 3, steps: [{get: /t, extract: {token: {header: T}}}]}\n")) ==
        Lines{});
  CHECK(problems(with_flow("      - if: {defined: tokn, then: [{get: /}]}\n")) ==
        Lines{"scenario.yaml:5:23: the condition tests 'tokn', which nothing sets in persona 'student': not a builtin "
              "(vu, iteration, persona), it has no feeder, and no step extracts it"});
}

TEST_CASE("loader: missing feeder columns") {
  CHECK(problems("target: http://x/\npersonas:\n  s:\n    feeder: {file: accounts.csv}\n"
                 "    flow: [{post: /login, form: {u: '${username}', p: '${pasword}'}}]\n",
                 {{"accounts.csv", "username,password\nalice,x\n"}}) ==
        Lines{"scenario.yaml:5:58: undefined variable 'pasword' in persona 's': not a builtin (vu, iteration, "
              "persona), not a column of accounts.csv (username, password), and no earlier step extracts it; did you "
              "mean 'password'?"});
}

TEST_CASE("loader: regexes RE2 rejects") {
  CHECK(problems(with_flow("      - get: /\n        expect: {matches: 'a(b'}\n")) ==
        Lines{"scenario.yaml:6:27: invalid regular expression: missing ): a(b"});
  CHECK(problems(with_flow("      - get: /\n        extract: {x: {regex: '(?<=a)b'}}\n")) ==
        Lines{"scenario.yaml:6:30: invalid regular expression: invalid perl operator: (?< (RE2 syntax: no lookaround "
              "or backreferences)"});
  CHECK(problems(with_flow("      - if: {matches: [vu, '[z-a]'], then: [{get: /}]}\n")) ==
        Lines{"scenario.yaml:5:28: invalid regular expression: invalid character class range: z-a"});
}

TEST_CASE("loader: JSON pointers") {
  CHECK(problems(with_flow("      - get: /\n        extract: {id: {json: data.id}}\n")) ==
        Lines{"scenario.yaml:6:30: expected a JSON pointer (RFC 6901) such as /data/0/id: it starts with '/' and "
              "writes '~' as ~0 and '/' as ~1; got 'data.id'"});
  CHECK(problems(with_flow("      - get: /\n        expect: {json: {/a~2b: 1}}\n")) ==
        Lines{"scenario.yaml:6:27: expected a JSON pointer (RFC 6901) such as /data/0/id: it starts with '/' and "
              "writes '~' as ~0 and '/' as ~1; got '/a~2b'"});
}

TEST_CASE("loader: HTML selectors") {
  CHECK(problems(with_flow("      - get: /\n        extract: {x: {html: 'div > a', attribute: href}}\n")) ==
        Lines{"scenario.yaml:6:29: invalid selector 'div > a': one element only: no spaces, combinators or lists "
              "(' ', '>', '+', '~', ',')"});
  CHECK(problems(with_flow("      - get: /\n        extract: {x: {html: 'input[name=execution', attribute: value}}\n")) ==
        Lines{"scenario.yaml:6:29: invalid selector 'input[name=execution': unbalanced '['"});
  CHECK(problems(with_flow("      - get: /\n        extract: {x: {html: 'input[value^=ST-]', attribute: value}}\n")) ==
        Lines{});
}

TEST_CASE("loader: feeders") {
  const std::string persona = "target: http://x/\npersonas:\n  s:\n    feeder: {file: accounts.csv}\n    flow: [{get: /}]\n";
  {
    Files files;
    auto r = load_text(files, persona);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].where.line == 4);
    CHECK(r.problems[0].where.column == 20);
    CHECK(r.problems[0].message == "feeder file 'accounts.csv' not found: looked for " + files.path("accounts.csv"));
  }
  CHECK(problems(persona, {{"accounts.csv", ""}}) ==
        Lines{"accounts.csv:1:1: the file is empty: expected a header row naming the columns (such as "
              "username,password), then one row per account"});
  CHECK(problems(persona, {{"accounts.csv", "username,password\nalice,a\nbob,b,c\n"}}) ==
        Lines{"accounts.csv:3:7: row has 3 fields, the header has 2"});
  CHECK(problems("target: http://x/\npersonas:\n  s:\n    feeder: {file: accounts.csv, mode: once}\n    flow: [{get: /}]\n",
                 {{"accounts.csv", "u\na\n"}}) ==
        Lines{"scenario.yaml:4:40: expected a mode: unique (each row once), cycle or random; got 'once'"});
  CHECK(problems("target: http://x/\npersonas:\n  s:\n    feeder: {file: a.csv, secret: [dob]}\n    flow: [{get: /}]\n",
                 {{"a.csv", "u,birth\na,b\n"}}) ==
        Lines{"scenario.yaml:4:36: 'dob' is not a column of a.csv (u, birth)"});
}

TEST_CASE("loader: a feeder with a header and no rows: a problem, or with allow_header_only_feeders a warning") {
  const std::string yaml = "target: http://x/\npersonas:\n  s:\n    feeder: {file: accounts.csv}\n"
                           "    flow: [{get: /}]\n  t:\n    feeder: {file: accounts.csv}\n    flow: [{get: /}]\n";
  Files files;
  files.write("accounts.csv", "username,password\n");
  auto refused = load_text(files, yaml);
  CHECK_FALSE(refused.scenario);
  CHECK(problem_lines(refused) ==
        Lines{"accounts.csv:1:1: the file has a header but no rows: expected one row per account after it"});
  CHECK(refused.warnings.empty());

  LoadOptions options;
  options.allow_header_only_feeders = true;
  auto allowed = load_text(files, yaml, options);
  REQUIRE(allowed.scenario);
  CHECK(allowed.problems.empty());
  REQUIRE(allowed.warnings.size() == 1);  // the file is named twice, told once
  CHECK(allowed.warnings[0].where.file == files.path("accounts.csv"));
  CHECK(allowed.warnings[0].where.line == 1);
  CHECK(allowed.warnings[0].where.column == 1);
  CHECK(allowed.warnings[0].message ==
        "the file has a header but no rows: fill in one row per account (or give --feeder with a filled-in file) "
        "before try, run or capacity, which refuse it as it is");
  REQUIRE(allowed.scenario->personas.size() == 2);
  REQUIRE(allowed.scenario->personas[0].feeder);
  CHECK(allowed.scenario->personas[0].feeder->rows->empty());
  CHECK(allowed.scenario->personas[0].feeder->columns == std::vector<std::string>{"username", "password"});

  // Any other problem of the file stays one.
  files.write("accounts.csv", "username,username\n");
  auto still = load_text(files, yaml, options);
  CHECK_FALSE(still.scenario);
  CHECK(problem_lines(still) == Lines{"accounts.csv:1:10: column 'username' appears twice in the header"});
  CHECK(still.warnings.empty());
}

TEST_CASE("loader: problems come in file order, from the scenario and its feeders") {
  auto lines = problems("target: http://x/\n"
                        "defaults: {timeout: soon}\n"
                        "personas:\n"
                        "  s:\n"
                        "    feeder: {file: accounts.csv}\n"
                        "    flow:\n"
                        "      - get: /${nope}\n"
                        "  t:\n"
                        "    weight: -3\n"
                        "    flow: [{get: /}]\n",
                        {{"accounts.csv", "u\na,b\n"}});
  CHECK(lines == Lines{"scenario.yaml:2:21: expected a duration such as 500ms or 2s, got 'soon'",
                       "accounts.csv:2:3: row has 2 fields, the header has 1",
                       "scenario.yaml:9:13: expected a weight of 0 or more, got -3"});
}

TEST_CASE("loader: multipart files") {
  const std::string yaml = with_flow("      - post: /upload\n        multipart:\n          - {name: f, file: homework.pdf}\n");
  Files files;
  auto r = load_text(files, yaml);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].where.line == 7);
  CHECK(r.problems[0].where.column == 29);
  CHECK(r.problems[0].message == "upload file 'homework.pdf' not found: looked for " + files.path("homework.pdf"));
  files.write("homework.pdf", "%PDF-1.4 ...");
  CHECK(load_text(files, yaml).problems.empty());
  CHECK(problems(with_flow("      - post: /upload\n        multipart: [{name: f, value: x, file: y}]\n")) ==
        Lines{"scenario.yaml:6:41: a part has one content, and this one has 'value' and 'file'"});
  CHECK(problems(with_flow("      - post: /upload\n        multipart: [{name: f}]\n")) ==
        Lines{"scenario.yaml:6:21: a part needs one of value (a field), file (a path) or bytes (a generated size such "
              "as 300KB)"});
  CHECK(problems(with_flow("      - post: /upload\n        multipart: [{value: x}]\n")) ==
        Lines{"scenario.yaml:6:21: missing key 'name' in a multipart part"});
}

TEST_CASE("loader: submit_form needs a page first") {
  CHECK(problems(with_flow("      - submit_form: {fields: {username: a}}\n      - get: /\n")) ==
        Lines{"scenario.yaml:5:9: submit_form needs a page to take the form from, and no request comes before it in "
              "persona 'student': add a get step for the page first"});
  CHECK(problems(with_flow("      - group:\n          steps:\n            - submit_form:\n")) ==
        Lines{"scenario.yaml:7:15: submit_form needs a page to take the form from, and no request comes before it in "
              "persona 'student': add a get step for the page first"});
  // A fetch group does not give the page.
  CHECK(problems(with_flow("      - fetch: [{get: /a}]\n      - submit_form:\n")).size() == 1);
  CHECK(problems(with_flow("      - get: /login\n      - submit_form:\n      - submit_form: {form: 0}\n")) == Lines{});
}

TEST_CASE("loader: bodies and requests") {
  CHECK(problems(with_flow("      - get: /\n        form: {a: b}\n")) ==
        Lines{"scenario.yaml:6:9: a GET request sends no body: use query for parameters, or post"});
  CHECK(problems(with_flow("      - post: /\n        form: {a: b}\n        json: {a: b}\n")) ==
        Lines{"scenario.yaml:7:9: a request has one body, and this one has 'form' and 'json'"});
  CHECK(problems(with_flow("      - get: ftp://files.example/x\n")) ==
        Lines{"scenario.yaml:5:14: only http:// and https:// URLs can be requested, got 'ftp://files.example/x'"});
  CHECK(problems(with_flow("      - get: /\n        headers: {'Bad Name': x}\n")) ==
        Lines{"scenario.yaml:6:19: 'Bad Name' is not a header name: letters, digits and !#$%&'*+-.^_`|~ only"});
  CHECK(problems(with_flow("      - get: /\n        extract: {vu: {header: X}}\n")) ==
        Lines{"scenario.yaml:6:19: 'vu' is a builtin variable: extract into another name"});
  CHECK(problems(with_flow("      - get: /\n        extract: {x: {header: X, regex: a}}\n")) ==
        Lines{"scenario.yaml:6:34: an extraction has one source, and this one has 'header' and 'regex'"});
  CHECK(problems(with_flow("      - get: /\n        extract: {x: {optional: true}}\n")) ==
        Lines{"scenario.yaml:6:22: extracting 'x' needs a source: one of regex, form, html, json, header, cookie"});
  CHECK(problems(with_flow("      - repeat: {count: lots, steps: [{get: /}]}\n")) ==
        Lines{"scenario.yaml:5:25: expected a count: an integer from 0 or a template such as ${count}, got 'lots'"});
  CHECK(problems(with_flow("      - while: {max: 3, steps: [{get: /}]}\n")) ==
        Lines{"scenario.yaml:5:16: a while needs a condition: one of defined, undefined, equals, not_equals, matches"});
  CHECK(problems(with_flow("      - if: {equals: [vu], then: [{get: /}]}\n")) ==
        Lines{"scenario.yaml:5:22: expected [variable, value], got a list of 1"});
}

TEST_CASE("loader: merge keys take maps") {
  CHECK(problems(with_flow("      - get: /\n        headers: {<<: [a]}\n")) ==
        Lines{"scenario.yaml:6:23: expected a map to merge (such as <<: *anchor), got a list"});
}

TEST_CASE("loader: a HEAD answer has no body to check") {
  CHECK(problems(with_flow("      - head: /\n        expect: {contains: x}\n")) ==
        Lines{"scenario.yaml:6:17: a HEAD answer has no body to check: expect a status only, or use get"});
}

TEST_CASE("loader: target") {
  // The location is the loader's; the words after "target: " are the URL parser's.
  const auto ftp = problems("target: ftp://x/\npersonas: {s: {flow: [{get: /}]}}\n");
  REQUIRE(ftp.size() == 1);
  CHECK(ftp[0].rfind("scenario.yaml:1:9: target: ", 0) == 0);
  CHECK(ftp[0].find("ftp") != std::string::npos);
  Files files;
  LoadOptions options;
  options.target_override = "not a url";
  auto r = load_text(files, "target: http://x/\npersonas: {s: {flow: [{get: /}]}}\n", options);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].where.line == 1);
  CHECK(r.problems[0].where.column == 9);
  CHECK(r.problems[0].message.rfind("--target: ", 0) == 0);
  options.target_override = "https://override.example:8443/base/";
  auto ok = load_text(files, "personas: {s: {flow: [{get: /}]}}\n", options);
  REQUIRE(ok.scenario);
  CHECK(ok.scenario->target_url == "https://override.example:8443/base/");
  CHECK(ok.scenario->target.tls);
  CHECK(ok.scenario->target.port == 8443);
}
