// The connection loop over plain TCP.
#include "sim/connection.hpp"

#include "sim/connection_impl.hpp"

namespace rollcall::sim {

boost::asio::awaitable<void> serve_plain(ServerState& state, boost::asio::ip::tcp::socket socket) {
  co_await conn::serve(state, socket);
}

}  // namespace rollcall::sim
