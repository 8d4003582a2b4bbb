#include "report/engine_records.hpp"

#include "metrics/hlog.hpp"

namespace rollcall::report {

StepInterval step_interval(const engine::StepStats& s) {
  StepInterval out;
  out.step = s.name;
  out.outcomes = s.outcomes;
  for (std::size_t i = 1; i < http::failure_count; ++i)
    if (s.failures[i] != 0) out.failures[std::string(http::failure_name(static_cast<http::Failure>(i)))] = s.failures[i];
  out.bytes_read = s.bytes_read;
  out.decoded_bytes = s.decoded_bytes;
  set_histogram(out, s.latency);
  return out;
}

PersonaInterval persona_interval(const engine::PersonaStats& p) {
  PersonaInterval out;
  out.persona = p.name;
  out.started = p.started;
  out.completed = p.completed;
  out.failed = p.failed;
  out.abandoned = p.abandoned;
  out.retries = p.retries;
  out.restarts = p.restarts;
  out.queued = p.of(engine::Outcome::queued);
  out.rejected = p.of(engine::Outcome::rejected);
  // Errors by class, as a step's table names them.
  for (std::size_t i = 1; i < http::failure_count; ++i)
    if (p.failures[i] != 0) out.failures[std::string(http::failure_name(static_cast<http::Failure>(i)))] = p.failures[i];
  for (auto o : {engine::Outcome::expectation_failed, engine::Outcome::missing_variable})
    if (p.of(o) != 0) out.failures[std::string(engine::outcome_name(o))] = p.of(o);
  out.requests = p.count();
  out.errors = p.errors();
  // Journey objectives ("journey p95") read these: without them a merged
  // stream could not be judged again.
  if (p.journey_time.count() > 0) out.journey_histogram = metrics::encode_compressed_base64(p.journey_time);
  return out;
}

}  // namespace rollcall::report
