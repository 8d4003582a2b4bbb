#pragma once
// Measurements made up for the analysis tests: a step run at `rate` against
// a target whose latency and errors are known functions of the rate.
#include <cstdint>

#include "analysis/measurement.hpp"
#include "scenario/load_text.hpp"

namespace rollcall::analysis::testing {

struct Simulated {
  double rate = 0;
  double seconds = 45;
  double login_latency_ms = 100;
  double login_floor_ms = 0;    // above 0: one login that met no queue at all, this fast
  double journey_latency_ms = 400;
  double error_ratio = 0;
  double rejected_ratio = 0;
  double completed_ratio = 1;   // of the offered journeys
  double users_at_end = 0;      // journeys under way when the stretch ended
  GeneratorHealth generator{};
};

inline Measurement measure(const Simulated& s) {
  Measurement m;
  m.seconds = s.seconds;
  m.generator = s.generator;
  m.users_at_end = s.users_at_end;
  const auto journeys = static_cast<std::uint64_t>(s.rate * s.seconds);
  PersonaTally p;
  p.persona = "student";
  p.offered = journeys;
  p.started = journeys;
  p.completed = static_cast<std::uint64_t>(static_cast<double>(journeys) * s.completed_ratio);
  p.ended = p.completed;
  p.journey.record_n(static_cast<std::int64_t>(s.journey_latency_ms * 1000), static_cast<std::int64_t>(p.completed));
  m.personas.push_back(std::move(p));
  StepTally login;
  login.persona = "student";
  login.step = "login";
  login.tally.requests = journeys;
  login.tally.errors = static_cast<std::uint64_t>(static_cast<double>(journeys) * s.error_ratio);
  login.tally.rejected = static_cast<std::uint64_t>(static_cast<double>(journeys) * s.rejected_ratio);
  const bool floor = s.login_floor_ms > 0 && journeys > 1;
  if (floor) login.tally.latency.record(static_cast<std::int64_t>(s.login_floor_ms * 1000));
  login.tally.latency.record_n(static_cast<std::int64_t>(s.login_latency_ms * 1000),
                               static_cast<std::int64_t>(journeys) - (floor ? 1 : 0));
  m.steps.push_back(std::move(login));
  StepTally portal;
  portal.persona = "student";
  portal.step = "portal";
  portal.tally.requests = journeys;
  portal.tally.latency.record_n(50'000, static_cast<std::int64_t>(journeys));
  m.steps.push_back(std::move(portal));
  // The persona's own count of its requests, as the engine keeps it.
  for (const auto& step : m.steps) {
    auto& r = m.personas.front().requests;
    r.requests += step.tally.requests;
    r.errors += step.tally.errors;
    r.queued += step.tally.queued;
    r.rejected += step.tally.rejected;
  }
  return m;
}

inline scenario::Objective objective(const char* text) {
  scenario::TextProblem problem;
  auto o = scenario::parse_objective(text, problem);
  if (!o) throw std::runtime_error(problem.message);
  return *o;
}

}  // namespace rollcall::analysis::testing
