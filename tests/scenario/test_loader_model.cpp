// A valid scenario, read into the model: every field checked.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include "helpers.hpp"
#include "http/html_document.hpp"

using namespace rollcall::scenario;
using namespace rollcall::scenario::testing;
using namespace std::chrono_literals;

namespace {

const char* const full = R"(# The morning rush: pupils log in through CAS.
#
# Second line of the comment.
target: https://ent.example.fr/
defaults:
  headers:
    User-Agent: Mozilla/5.0 (X11; Linux x86_64) rollcall
    Accept-Language: fr-FR,fr;q=0.9
  timeout: 20s
  connect_timeout: 3s
  think: {uniform: [1s, 3s]}
  max_redirects: 5
  max_connections_per_host: 4
personas:
  student:
    weight: 80
    feeder: {file: accounts.csv, mode: unique}
    think: {exponential: 2s}
    flow:
      - get: /cas/login?service=${urlencode('https://ent.example.fr/portal')}
        name: login page
        expect: {status: 200, contains: execution}
      - submit_form:
          form: "#fm1"
          fields: {username: "${username}", password: "${password}"}
        name: login
        redirects: {names: [service, portal]}
        extract:
          csrf: {html: "meta[name=csrf-token]", attribute: content, secret: true}
          session: {cookie: JSESSIONID}
      - fetch:
          - get: /api/timeline
            query: {limit: 20, user: "${username}"}
          - get: /api/homework
            headers: {X-CSRF-Token: "${csrf}"}
            extract: {homework_id: {json: /items/0/id}}
        name: portal
      - group:
          name: documents
          steps:
            - get: /docs/${homework_id}.pdf
              timeout: 60s
              redirects: {follow: false}
      - think: 5s
      - post: /api/homework/${homework_id}/submit
        multipart:
          - {name: comment, value: "Devoir de ${username}"}
          - {name: file, file: homework.pdf}
          - {name: scan, bytes: 300KB, filename: scan.jpg, content_type: image/jpeg}
        expect: {status: [200, 201], json: {/ok: true, /by: "${username}"}}
  parent:
    weight: 20
    flow:
      - get: /
        extract: {state: {regex: 'state=(\w+)', optional: true}}
      - if:
          equals: [state, ready]
          then: [{get: /ready}]
          else: [{think: {normal: [2s, 500ms]}}]
      - while:
          not_equals: [state, done]
          max: 3
          steps:
            - post: /poll
              json: {who: "${persona}", n: 2, ok: false, none: ~, list: [1, "a\"b"], vu: "${vu}"}
              extract: {state: {header: X-State}}
      - repeat:
          count: 2
          steps: [{delete: /session, headers: {X-Id: "${uuid()}"}}]
)";

Scenario load_full() {
  return valid(full, {{"accounts.csv", "username,password,class\nalice,s3cret,6B\nbob,hunter2,5A\n"},
                      {"homework.pdf", "%PDF-1.4 homework"}});
}

std::string render(const Template& t, const Scenario& s, std::initializer_list<std::pair<const char*, const char*>> values) {
  Variables variables(s.symbols.size());
  for (const auto& [name, value] : values) variables.set(*s.symbols.find(name), value);
  rollcall::UserRng rng(1);
  std::string out;
  VariableId missing = 0;
  REQUIRE(t.render(RenderContext{variables, rng}, out, missing));
  return out;
}

}  // namespace

TEST_CASE("model: top level and defaults") {
  const Scenario s = load_full();
  CHECK(std::filesystem::path(s.file).filename() == "scenario.yaml");
  CHECK(s.description == "The morning rush: pupils log in through CAS. Second line of the comment.");
  CHECK(s.target_url == "https://ent.example.fr/");
  CHECK(s.target.tls);
  CHECK(s.target.host == "ent.example.fr");
  CHECK(s.target.port == 443);
  REQUIRE(s.defaults.headers.size() == 2);
  CHECK(s.defaults.headers[0].name == "User-Agent");
  CHECK(s.defaults.headers[0].value.source() == "Mozilla/5.0 (X11; Linux x86_64) rollcall");
  CHECK(s.defaults.headers[1].name == "Accept-Language");
  CHECK(s.defaults.timeout == 20s);
  CHECK(s.defaults.connect_timeout == 3s);
  REQUIRE(s.defaults.think);
  CHECK(s.defaults.think->kind == Think::Kind::uniform);
  CHECK(s.defaults.think->a == 1s);
  CHECK(s.defaults.think->b == 3s);
  CHECK(s.defaults.redirects.follow);
  CHECK(s.defaults.redirects.max == 5);
  CHECK(s.defaults.max_connections_per_host == 4);
}

TEST_CASE("model: personas, feeders and secrets") {
  const Scenario s = load_full();
  REQUIRE(s.personas.size() == 2);
  const auto& student = s.personas[0];
  CHECK(student.name == "student");
  CHECK(student.weight == 80);
  CHECK(student.where.line == 15);
  CHECK(student.where.column == 3);
  REQUIRE(student.think);
  CHECK(student.think->kind == Think::Kind::exponential);
  CHECK(student.think->a == 2s);
  REQUIRE(student.feeder);
  const auto& feeder = *student.feeder;
  CHECK(feeder.mode == Feeder::Mode::unique);
  CHECK(std::filesystem::path(feeder.path).filename() == "accounts.csv");
  CHECK(feeder.columns == std::vector<std::string>{"username", "password", "class"});
  CHECK(feeder.secret == std::vector<bool>{false, true, false});
  REQUIRE(feeder.rows->size() == 2);
  CHECK((*feeder.rows)[1] == std::vector<std::string>{"bob", "hunter2", "5A"});
  REQUIRE(feeder.column_ids.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(s.symbols.name(feeder.column_ids[i]) == feeder.columns[i]);
  CHECK(feeder.where.line == 17);

  const auto& parent = s.personas[1];
  CHECK(parent.name == "parent");
  CHECK(parent.weight == 20);
  CHECK_FALSE(parent.feeder);
  CHECK_FALSE(parent.think);

  // Secrets by variable id: the password column, the extracted CSRF token
  // and a variable named like a secret (an extracted session id).
  REQUIRE(s.secret_variables.size() == s.symbols.size());
  for (VariableId id = 0; id < s.symbols.size(); ++id) {
    const auto& name = s.symbols.name(id);
    INFO(name);
    CHECK(s.secret_variables[id] == (name == "password" || name == "csrf" || name == "session"));
  }
}

TEST_CASE("model: request steps") {
  const Scenario s = load_full();
  const auto& flow = s.personas[0].flow;
  REQUIRE(flow.size() == 6);
  CHECK(flow[0].where.line == 20);
  CHECK(flow[0].where.column == 9);

  const auto& login_page = std::get<RequestStep>(flow[0].what);
  CHECK(login_page.name == "login page");
  CHECK(login_page.method == Method::get);
  CHECK(render(login_page.url, s, {}) == "/cas/login?service=https%3A%2F%2Fent.example.fr%2Fportal");
  CHECK(login_page.expect.status == std::vector<unsigned>{200});
  REQUIRE(login_page.expect.contains.size() == 1);
  CHECK(login_page.expect.contains[0].source() == "execution");
  CHECK(login_page.expect.where.line == 22);
  CHECK(login_page.redirects.max == 5);  // from defaults
  CHECK_FALSE(login_page.timeout);
  CHECK(login_page.keeps_body);  // a body expectation, and a submit_form next

  const auto& login = std::get<SubmitFormStep>(flow[1].what);
  CHECK(login.name == "login");
  CHECK(login.form_selector == "#fm1");
  REQUIRE(login.fields.size() == 2);
  CHECK(login.fields[0].name == "username");
  CHECK(render(login.fields[1].value, s, {{"password", "p@ss"}}) == "p@ss");
  CHECK(login.redirects.hop_names == std::vector<std::string>{"service", "portal"});
  CHECK(login.redirects.max == 5);
  REQUIRE(login.extract.size() == 2);
  CHECK(login.extract[0].variable_name == "csrf");
  CHECK(login.extract[0].source == Extraction::Source::attribute);
  // Compiled by the loader: meta[name=csrf-token].
  const rollcall::http::HtmlDocument page(R"(<meta name=other content=no><meta name=csrf-token content=yes>)");
  CHECK(rollcall::http::find_attribute(page, login.extract[0].selector, "content") == "yes");
  CHECK(login.extract[0].attribute == "content");
  CHECK(login.extract[0].secret);
  CHECK(s.symbols.name(login.extract[0].variable) == "csrf");
  CHECK(login.extract[1].source == Extraction::Source::cookie);
  CHECK(login.extract[1].key == "JSESSIONID");
  CHECK_FALSE(login.extract[1].secret);
  CHECK(login.keeps_body);  // an html extraction

  const auto& portal = std::get<FetchStep>(flow[2].what);
  CHECK(portal.name == "portal");
  REQUIRE(portal.requests.size() == 2);
  CHECK(portal.requests[0].name == "GET /api/timeline");
  REQUIRE(portal.requests[0].query.size() == 2);
  CHECK(portal.requests[0].query[0].name == "limit");
  CHECK(portal.requests[0].query[0].value.source() == "20");
  CHECK_FALSE(portal.requests[0].keeps_body);
  CHECK(portal.requests[1].headers[0].name == "X-CSRF-Token");
  CHECK(portal.requests[1].extract[0].source == Extraction::Source::json_pointer);
  CHECK(portal.requests[1].extract[0].key == "/items/0/id");
  CHECK(portal.requests[1].keeps_body);

  const auto& documents = std::get<GroupStep>(flow[3].what);
  CHECK(documents.name == "documents");
  REQUIRE(documents.steps.size() == 1);
  const auto& doc = std::get<RequestStep>(documents.steps[0].what);
  CHECK(doc.name == "GET /docs/${homework_id}.pdf");
  CHECK(doc.timeout == 60s);
  CHECK_FALSE(doc.redirects.follow);
  CHECK_FALSE(doc.keeps_body);

  const auto& pause = std::get<ThinkStep>(flow[4].what);
  CHECK(pause.think.kind == Think::Kind::constant);
  CHECK(pause.think.a == 5s);

  const auto& upload = std::get<RequestStep>(flow[5].what);
  CHECK(upload.method == Method::post);
  CHECK(upload.body.kind == Body::Kind::multipart);
  REQUIRE(upload.body.parts.size() == 3);
  const auto& comment = upload.body.parts[0];
  CHECK(comment.name == "comment");
  REQUIRE(comment.value);
  CHECK(render(*comment.value, s, {{"username", "alice"}}) == "Devoir de alice");
  const auto& file = upload.body.parts[1];
  CHECK_FALSE(file.value);
  CHECK(file.filename == "homework.pdf");
  CHECK(file.content_type == "application/pdf");
  REQUIRE(file.bytes);
  CHECK(*file.bytes == "%PDF-1.4 homework");
  const auto& scan = upload.body.parts[2];
  CHECK(scan.generated_bytes == 300'000);
  CHECK(scan.filename == "scan.jpg");
  CHECK(scan.content_type == "image/jpeg");
  CHECK_FALSE(scan.bytes);
  CHECK(upload.expect.status == std::vector<unsigned>{200, 201});
  REQUIRE(upload.expect.json.size() == 2);
  CHECK(upload.expect.json[0].pointer == "/ok");
  CHECK(upload.expect.json[0].equals.source() == "true");
  CHECK(upload.expect.json[1].equals.source() == "${username}");
  CHECK(upload.keeps_body);
}

TEST_CASE("model: control flow and JSON bodies") {
  const Scenario s = load_full();
  const auto& flow = s.personas[1].flow;
  REQUIRE(flow.size() == 4);
  const auto& home = std::get<RequestStep>(flow[0].what);
  CHECK(home.name == "GET /");
  REQUIRE(home.extract.size() == 1);
  CHECK(home.extract[0].optional);
  CHECK(home.extract[0].regex->pattern() == "state=(\\w+)");

  const auto& branch = std::get<IfStep>(flow[1].what);
  CHECK(branch.condition.kind == Condition::Kind::equals);
  CHECK(branch.condition.variable_name == "state");
  CHECK(branch.condition.value.source() == "ready");
  CHECK(branch.then_steps.size() == 1);
  REQUIRE(branch.else_steps.size() == 1);
  const auto& normal = std::get<ThinkStep>(branch.else_steps[0].what).think;
  CHECK(normal.kind == Think::Kind::normal);
  CHECK(normal.a == 2s);
  CHECK(normal.b == 500ms);

  const auto& loop = std::get<WhileStep>(flow[2].what);
  CHECK(loop.condition.kind == Condition::Kind::not_equals);
  CHECK(loop.max_iterations == 3);
  const auto& poll = std::get<RequestStep>(loop.steps[0].what);
  CHECK(poll.body.kind == Body::Kind::json);
  CHECK(render(poll.body.text, s, {{"persona", "pa\"rent"}, {"vu", "7"}}) ==
        R"({"who":"pa\"rent","n":2,"ok":false,"none":null,"list":[1,"a\"b"],"vu":"7"})");

  const auto& again = std::get<RepeatStep>(flow[3].what);
  CHECK(again.count.source() == "2");
  const auto& del = std::get<RequestStep>(again.steps[0].what);
  CHECK(del.method == Method::delete_);
  CHECK(del.name == "DELETE /session");
}

TEST_CASE("model: control steps read the same with parts inside or beside") {
  const Scenario inside = valid(R"(target: http://x/
personas:
  p:
    flow:
      - get: /
        extract: {next: {json: /next, optional: true}}
      - if: {defined: next, then: [{get: /a}], else: [{get: /b}]}
      - while: {defined: next, max: 4, steps: [{get: '${next}', extract: {next: {json: /next, optional: true}}}]}
      - repeat: {count: 2, steps: [{get: /c}]}
      - group: {name: docs, steps: [{get: /d, name: doc}]}
)");
  const Scenario beside = valid(R"(target: http://x/
personas:
  p:
    flow:
      - get: /
        extract: {next: {json: /next, optional: true}}
      - if: {defined: next}
        then: [{get: /a}]
        else: [{get: /b}]
      - while: {defined: next}
        max: 4
        steps:
          - get: ${next}
            extract: {next: {json: /next, optional: true}}
      - repeat: 2
        steps: [{get: /c}]
      - group: docs
        steps: [{get: /d, name: doc}]
)");
  for (const Scenario* s : {&inside, &beside}) {
    const auto& f = s->personas[0].flow;
    REQUIRE(f.size() == 5);
    const auto& i = std::get<IfStep>(f[1].what);
    CHECK(i.condition.kind == Condition::Kind::defined);
    CHECK(i.then_steps.size() == 1);
    CHECK(i.else_steps.size() == 1);
    const auto& w = std::get<WhileStep>(f[2].what);
    CHECK(w.max_iterations == 4);
    CHECK(w.condition.variable_name == "next");
    CHECK(std::get<RequestStep>(w.steps[0].what).url.source() == "${next}");
    const auto& r = std::get<RepeatStep>(f[3].what);
    CHECK(r.count.source() == "2");
    CHECK(r.steps.size() == 1);
    const auto& g = std::get<GroupStep>(f[4].what);
    CHECK(g.name == "docs");
    CHECK(std::get<RequestStep>(g.steps[0].what).name == "doc");
  }
  // A templated count.
  const Scenario templated = valid(R"(target: http://x/
personas:
  p:
    feeder: {file: a.csv}
    flow:
      - repeat: ${pages}
        steps: [{get: /}]
)",
                                   {{"a.csv", "pages\n3\n"}});
  CHECK(std::get<RepeatStep>(templated.personas[0].flow[0].what).count.source() == "${pages}");
}

TEST_CASE("model: conditions hold per user") {
  const Scenario s = valid(R"(target: http://x/
personas:
  p:
    flow:
      - get: /
        extract: {state: {header: X-State}}
      - if: {matches: [state, '^re+ady$'], then: [{get: /a}]}
      - if: {defined: state, then: [{get: /b}]}
      - if: {undefined: state, then: [{get: /c}]}
      - if: {not_equals: [state, 'x${vu}'], then: [{get: /d}]}
)");
  const auto& flow = s.personas[0].flow;
  const auto& matches = std::get<IfStep>(flow[1].what).condition;
  const auto& defined = std::get<IfStep>(flow[2].what).condition;
  const auto& undefined = std::get<IfStep>(flow[3].what).condition;
  const auto& not_equals = std::get<IfStep>(flow[4].what).condition;
  Variables v(s.symbols.size());
  rollcall::UserRng rng(1);
  const RenderContext context{v, rng};
  CHECK_FALSE(matches.holds(context));
  CHECK_FALSE(defined.holds(context));
  CHECK(undefined.holds(context));
  CHECK(not_equals.holds(context));  // unset equals nothing
  v.set(*s.symbols.find("state"), "reeeady");
  v.set(SymbolTable::vu, "3");
  CHECK(matches.holds(context));
  CHECK(defined.holds(context));
  CHECK_FALSE(undefined.holds(context));
  CHECK(not_equals.holds(context));
  v.set(*s.symbols.find("state"), "x3");
  CHECK_FALSE(not_equals.holds(context));
  CHECK_FALSE(matches.holds(context));
}

TEST_CASE("keeps_body: only where a later step or the step itself needs it") {
  const Scenario s = valid(R"(target: http://x/
personas:
  p:
    flow:
      - get: /plain
      - get: /headers-only
        extract: {a: {header: X-A}, b: {cookie: B}}
      - get: /login
      - fetch: [{get: /api}]
      - submit_form:
      - get: /maybe
      - if:
          defined: a
          then: [{get: /then}]
      - group: {steps: [{submit_form: {form: 0}}]}
      - repeat:
          count: 2
          steps:
            - submit_form:
            - get: /loop-end
      - get: /last
)");
  const auto& f = s.personas[0].flow;
  auto request = [&](std::size_t i) { return std::get<RequestStep>(f[i].what); };
  CHECK_FALSE(request(0).keeps_body);
  CHECK_FALSE(request(1).keeps_body);  // headers and cookies survive without the body
  CHECK(request(2).keeps_body);        // the page of the submit_form (the fetch does not replace it)
  CHECK_FALSE(std::get<FetchStep>(f[3].what).requests[0].keeps_body);
  CHECK_FALSE(std::get<SubmitFormStep>(f[4].what).keeps_body);  // a get comes before the next form
  CHECK(request(5).keeps_body);  // the if may not run: /maybe may be the page
  CHECK(std::get<RequestStep>(std::get<IfStep>(f[6].what).then_steps[0].what).keeps_body);
  const auto& loop = std::get<RepeatStep>(f[8].what);
  // The first form of the loop takes its page from the group's form before
  // the loop, or from the end of the previous iteration.
  CHECK(std::get<SubmitFormStep>(std::get<GroupStep>(f[7].what).steps[0].what).keeps_body);
  CHECK(std::get<RequestStep>(loop.steps[1].what).keeps_body);
  CHECK_FALSE(std::get<SubmitFormStep>(loop.steps[0].what).keeps_body);
  CHECK_FALSE(request(9).keeps_body);
}

TEST_CASE("YAML anchors, aliases and merge keys") {
  const Scenario s = valid(R"(target: http://x/
personas:
  p:
    flow:
      - get: /a
        headers: &api {Accept: application/json, X-Requested-With: XMLHttpRequest}
        expect: &ok {status: [200, 204]}
      - get: /b
        headers:
          <<: *api
          Accept: text/html
        expect: *ok
)");
  const auto& b = std::get<RequestStep>(s.personas[0].flow[1].what);
  REQUIRE(b.headers.size() == 2);
  CHECK(b.headers[0].name == "Accept");
  CHECK(b.headers[0].value.source() == "text/html");  // written in the map: wins over the merged one
  CHECK(b.headers[1].name == "X-Requested-With");
  CHECK(b.expect.status == std::vector<unsigned>{200, 204});
}

TEST_CASE("a feeder file shared by two personas is read once") {
  const Scenario s = valid(R"(target: http://x/
personas:
  a: {feeder: {file: data/accounts.csv}, flow: [{get: '/${login}'}]}
  b: {feeder: {file: data/accounts.csv, mode: random}, flow: [{get: '/${login}'}]}
)",
                           {{"data/accounts.csv", "login\nx\n"}});
  CHECK(s.personas[0].feeder->rows == s.personas[1].feeder->rows);
  CHECK(s.personas[1].feeder->mode == Feeder::Mode::random);
  CHECK(s.personas[0].feeder->mode == Feeder::Mode::cycle);
}

TEST_CASE("summary: personas, shares, feeders, steps, requests, target") {
  Files files;
  files.write("accounts.csv", "username,password\na,1\nb,2\nc,3\n");
  auto r = load_text(files, R"(target: http://127.0.0.1:8080/
personas:
  student:
    weight: 2
    feeder: {file: accounts.csv, mode: unique}
    flow: [{get: /}, {fetch: [{get: /a}, {get: /b}]}, {think: 1s}]
  parent:
    weight: 1
    flow:
      - get: /
      - while: {defined: vu, max: 4, steps: [{get: /poll}]}
)");
  REQUIRE(r.scenario);
  const std::string text = summarize(*r.scenario);
  std::string one_line = text;
  std::replace(one_line.begin(), one_line.end(), '\n', ' ');
  CHECK(one_line == files.path("scenario.yaml") +
                        " is valid: target http://127.0.0.1:8080/, 2 personas: student 66.7% (3 accounts from "
                        "accounts.csv, each row once; 3 steps, 3 requests per journey), parent 33.3% (no feeder; 2 "
                        "steps, 1 to 5 requests per journey). Redirects are followed (up to 10) and not counted; "
                        "timeout 30s. ");
  CHECK(text.back() == '\n');
}
