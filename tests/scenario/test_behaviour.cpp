// on_failure (what a person does after a failed step) and admission (which
// answers are a waiting room or a quota page): what the loader builds, and
// every mistake it refuses with its line and column.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace rollcall::scenario;
using namespace rollcall::scenario::testing;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

namespace {

// One persona with two steps; `policy` is the on_failure value (line 9).
std::string persona_with(const std::string& policy) {
  return "target: http://127.0.0.1:8080/\n"
         "personas:\n"
         "  student:\n"
         "    flow:\n"
         "      - get: /cas/login\n"
         "        name: login\n"
         "      - fetch: [{get: /api/timeline, name: timeline}]\n"
         "        name: portal\n"
         "    on_failure: " +
         policy + "\n";
}

// An admission block (from line 2) before a minimal persona.
std::string admission_with(const std::string& block) {
  return "target: http://127.0.0.1:8080/\n" + block + "personas: {student: {flow: [{get: /}]}}\n";
}

}  // namespace

TEST_CASE("on_failure: none keeps the robot and human is what people do") {
  CHECK(valid(persona_with("none")).personas[0].on_failure.none);
  // Without the key a failed step ends the journey, as before.
  CHECK(valid("target: http://x/\npersonas: {s: {flow: [{get: /}]}}\n").personas[0].on_failure.none);

  const auto human = valid(persona_with("human")).personas[0].on_failure;
  CHECK_FALSE(human.none);
  CHECK(human.retries == 2);
  CHECK(human.retry_delay.kind == Think::Kind::uniform);
  CHECK(human.retry_delay.a == 2s);
  CHECK(human.retry_delay.b == 10s);
  CHECK(human.restarts == 3);
  CHECK(human.restart_keeps_cookies);
  CHECK(human.patience == std::chrono::nanoseconds(3min));
  CHECK(human.steps.empty());
}

TEST_CASE("on_failure: a map overrides what it names and leaves out what it omits") {
  const auto p = valid(persona_with("{retry: {times: 4, after: 1s}, patience: 90s, steps: [login, portal > timeline]}"))
                     .personas[0]
                     .on_failure;
  CHECK_FALSE(p.none);
  CHECK(p.retries == 4);
  CHECK(p.retry_delay.kind == Think::Kind::constant);
  CHECK(p.retry_delay.a == 1s);
  CHECK(p.restarts == 0);  // no restart key: no F5
  CHECK(p.patience == std::chrono::nanoseconds(90s));
  CHECK(p.steps == std::vector<std::string>{"login", "portal > timeline"});
  CHECK(p.retries_step("login"));
  CHECK_FALSE(p.retries_step("portal"));

  const auto f5 = valid(persona_with("{restart: {times: 1, cookies: fresh}, patience: none}")).personas[0].on_failure;
  CHECK(f5.retries == 0);
  CHECK(f5.restarts == 1);
  CHECK_FALSE(f5.restart_keeps_cookies);
  CHECK(f5.restart_delay.a == 5s);  // the human default delay
  CHECK_FALSE(f5.patience);
  CHECK(valid(persona_with("{retry: 3}")).personas[0].on_failure.retries == 3);
}

TEST_CASE("on_failure: rules that cannot match anything are refused with their place") {
  CHECK(problems(persona_with("{retry: 2, steps: [logn]}")) ==
        Lines{"scenario.yaml:9:36: no step 'logn' in this persona's flow: expected one of login, portal > timeline"});
  CHECK(problems(persona_with("sometimes")) ==
        Lines{"scenario.yaml:9:17: expected none (a failed step ends the journey), human (retry, reload, give up as "
              "people do), or a map with retry, restart, patience and steps; got 'sometimes'"});
  CHECK(problems(persona_with("{retry: 0, patience: none}")) ==
        Lines{"scenario.yaml:9:17: this on_failure never retries, restarts or gives up: write on_failure: none"});
  CHECK(problems(persona_with("{restart: {cookies: lost}}")) ==
        Lines{"scenario.yaml:9:37: expected keep (F5 in the same browser) or fresh (a new private window), got 'lost'"});
  CHECK(problems(persona_with("{retry: {times: 200}}")) ==
        Lines{"scenario.yaml:9:33: expected a number of times from 0 to 100, got '200'"});
  CHECK(problems(persona_with("{retry: 1, steps: []}")) == Lines{"scenario.yaml:9:35: expected at least one step name"});
  CHECK(problems(persona_with("{retyr: 2}")).size() == 1);
}

TEST_CASE("admission: waiting-room and quota rules") {
  const auto s = valid(admission_with("admission:\n"
                                      "  queued:\n"
                                      "    when:\n"
                                      "      - header: {X-ENT-Admission: waiting-room}\n"
                                      "      - {status: 200, contains: \"Salle d'attente\"}\n"
                                      "    wait: 20s\n"
                                      "    patience: 5m\n"
                                      "  rejected:\n"
                                      "    when: {status: [503, 429], matches: \"Quota (atteint|reached)\"}\n"));
  const auto& a = s.admission;
  REQUIRE(a.queued.size() == 2);
  CHECK(a.queued[0].headers == std::vector<std::pair<std::string, std::string>>{{"X-ENT-Admission", "waiting-room"}});
  CHECK(a.queued[1].status == std::vector<unsigned>{200});
  CHECK(a.queued[1].contains == std::vector<std::string>{"Salle d'attente"});
  CHECK(a.queued_wait == 20s);
  CHECK(a.queued_patience == std::chrono::nanoseconds(5min));
  REQUIRE(a.rejected.size() == 1);
  CHECK(a.rejected[0].status == std::vector<unsigned>{503, 429});
  CHECK(a.rejected[0].matches.size() == 1);
  CHECK(a.reads_body());
  CHECK(valid("target: http://x/\npersonas: {s: {flow: [{get: /}]}}\n").admission.empty());
}

TEST_CASE("admission: rules that match nothing or everything are refused") {
  CHECK(problems(admission_with("admission: {rejected: {when: {contains: \"\"}}}\n")) ==
        Lines{"scenario.yaml:2:41: an empty text matches every page: give a part of the page"});
  CHECK(problems(admission_with("admission: {queued: {when: {header: {Retry-After: \"\"}}}}\n")) ==
        Lines{"scenario.yaml:2:51: an empty value matches any 'Retry-After' header: give a part of its value"});
  CHECK(problems(admission_with("admission: {queued: {when: {}}}\n")) ==
        Lines{"scenario.yaml:2:28: a rule matches every answer unless it gives status, header, contains or matches"});
  CHECK(problems(admission_with("admission: {queued: {wait: 10s}}\n")) ==
        Lines{"scenario.yaml:2:13: missing key 'when' in admission queued (a rule, or a list of rules, that recognises the page)"});
  CHECK(problems(admission_with("admission: {rejected: {when: {matches: \"\"}}}\n")) ==
        Lines{"scenario.yaml:2:40: an empty pattern matches every page: give a regular expression"});
  CHECK(problems(admission_with("admission: {rejected: {when: {status: 999}}}\n")) ==
        Lines{"scenario.yaml:2:39: expected an HTTP status from 100 to 599, got '999'"});
  CHECK(problems(admission_with("admission: {}\n")) ==
        Lines{"scenario.yaml:2:12: admission recognises nothing: give queued or rejected, each with when"});
  CHECK(problems(admission_with("admission: {rejected: {when: {matches: \"(a\"}}}\n")).size() == 1);
}
