#pragma once
// One journey of one virtual user: its persona's flow, step by step, with
// redirects followed, cookies kept, values extracted and every request
// counted on its metrics line.
#include <boost/asio/awaitable.hpp>

#include "engine/clock.hpp"

namespace rollcall::engine {

struct ScenarioLane;
struct VirtualUser;

// failed: a step failed and the persona does not retry (or the step is not
// among those it retries); gave_up: the user left after retrying, or out of
// patience; abandoned: the end of the run cut the journey.
enum class JourneyEnd { completed, failed, gave_up, abandoned };

// Runs the user's persona flow once. `intended_start` is when the journey
// was due: the start lag is measured against it; the first request's latency
// counts from it (plus any think time before that request) and the journey's
// time from it, so a late start is never hidden.
boost::asio::awaitable<JourneyEnd> run_journey(ScenarioLane& lane, VirtualUser& user, TimePoint intended_start);

}  // namespace rollcall::engine
