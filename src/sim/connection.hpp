#pragma once
// One client connection: read a request, apply faults and admission, let the
// ENT answer, write the answer; until the client or a fault closes it.
// Only simulator.cpp includes this.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace boost::asio::ssl {
class context;
}

namespace rollcall::sim {

struct ServerState;

boost::asio::awaitable<void> serve_plain(ServerState& state, boost::asio::ip::tcp::socket socket);
boost::asio::awaitable<void> serve_tls(ServerState& state, boost::asio::ssl::context& tls,
                                       boost::asio::ip::tcp::socket socket);

}  // namespace rollcall::sim
