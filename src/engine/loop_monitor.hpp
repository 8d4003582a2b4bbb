#pragma once
#include <boost/asio/io_context.hpp>

#include "engine/clock.hpp"
#include "metrics/histogram.hpp"

namespace rollcall::engine {

// Measures how late an event loop runs a 10 ms tick, from start until end:
// a loop that is late for its timers is late for its requests too.
// `end` is read at every tick: an interrupted run moves it.
void spawn_loop_monitor(boost::asio::io_context& io, metrics::Histogram& lag, TimePoint start, const TimePoint& end);

}  // namespace rollcall::engine
