// The plain-TCP instantiation of the bench connection, in its own
// translation unit so it compiles in parallel with the TLS one.
#include "engine/bench_connection.hpp"

namespace rollcall::engine {

void spawn_plain_connections(Lane& lane, unsigned count) { spawn_connections<http::PlainTransport>(lane, count); }

}  // namespace rollcall::engine
