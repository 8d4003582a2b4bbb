// The TLS instantiation of the bench connection, in its own translation unit.
#include "engine/bench_connection.hpp"

namespace rollcall::engine {

void spawn_tls_connections(Lane& lane, unsigned count) { spawn_connections<http::TlsTransport>(lane, count); }

}  // namespace rollcall::engine
