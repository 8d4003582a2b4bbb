#include <catch2/catch.hpp>

#include "metrics/hlog.hpp"
#include "report/engine_records.hpp"

using namespace rollcall;
using namespace rollcall::report;

TEST_CASE("engine step statistics become an interval record with the same counts") {
  engine::StepStats s;
  s.name = "login > cas";
  s.outcomes[static_cast<std::size_t>(engine::Outcome::success)] = 7;
  s.outcomes[static_cast<std::size_t>(engine::Outcome::transport_error)] = 2;
  s.outcomes[static_cast<std::size_t>(engine::Outcome::missing_variable)] = 1;
  s.failures[static_cast<std::size_t>(http::Failure::timeout_read)] = 2;
  for (int v : {1000, 2000, 3000, 250'000}) s.latency.record(v);
  const StepInterval r = step_interval(s);
  CHECK(r.step == "login > cas");
  CHECK(r.count() == 10);
  CHECK(r.outcomes[static_cast<std::size_t>(Outcome::transport_error)] == 2);
  CHECK(r.outcomes[static_cast<std::size_t>(Outcome::missing_variable)] == 1);
  CHECK(r.failures == std::map<std::string, std::uint64_t>{{"timeout_read", 2}});
  CHECK(r.max_us == 250'000);
  CHECK(metrics::decode_compressed_base64(r.histogram).count() == 4);
  CHECK(r.latency.p50_us == s.latency.percentile(50));

  engine::PersonaStats p;
  p.name = "parent";
  p.started = 5;
  p.completed = 3;
  p.failed = 1;
  p.abandoned = 1;
  p.retries = 2;
  p.outcomes[static_cast<std::size_t>(engine::Outcome::success)] = 20;
  p.outcomes[static_cast<std::size_t>(engine::Outcome::http_error)] = 3;
  p.outcomes[static_cast<std::size_t>(engine::Outcome::expectation_failed)] = 1;
  p.outcomes[static_cast<std::size_t>(engine::Outcome::queued)] = 4;
  p.failures[static_cast<std::size_t>(http::Failure::http_5xx)] = 3;
  const PersonaInterval pi = persona_interval(p);
  CHECK(pi.persona == "parent");
  CHECK(pi.started == 5);
  CHECK(pi.abandoned == 1);
  CHECK(pi.retries == 2);
  CHECK(pi.queued == 4);
  // The per-persona table's error classes: failure classes and the outcomes that are errors of their own.
  CHECK(pi.failures == std::map<std::string, std::uint64_t>{{"http_5xx", 3}, {"expectation_failed", 1}});
}
