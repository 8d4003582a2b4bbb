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

// Runs the user's persona flow once and counts how it ended (its persona's
// line: the end, the journey's time). `intended_start` is when the journey
// was due; engine/journey_clock.hpp says what is measured from it, so that
// a late start is never hidden. A journey that throws is counted failed,
// with an internal error.
boost::asio::awaitable<JourneyEnd> run_journey(ScenarioLane& lane, VirtualUser& user, TimePoint intended_start);

}  // namespace rollcall::engine
