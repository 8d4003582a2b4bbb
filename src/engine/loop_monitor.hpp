#pragma once
#include <boost/asio/io_context.hpp>

#include "engine/clock.hpp"
#include "metrics/histogram.hpp"

namespace rollcall::engine {

// Measures how late an event loop runs a 10 ms tick, from start until end:
// a loop that is late for its timers is late for its requests too.
// `end` is read at every tick: an interrupted run moves it.
void spawn_loop_monitor(boost::asio::io_context& io, metrics::Histogram& lag, TimePoint start, const TimePoint& end);

// The same, with the ticks of the start recorded apart, in `start_lag`:
// starting thousands of users is a burst of work that steady state must not
// be judged by. The start lasts until `all_started` is true and then a tick
// fires on time, so that the stall a burst of new connections leaves behind
// counts as the start's.
void spawn_loop_monitor(boost::asio::io_context& io, metrics::Histogram& lag, metrics::Histogram& start_lag,
                        const bool& all_started, TimePoint start, const TimePoint& end);

}  // namespace rollcall::engine
