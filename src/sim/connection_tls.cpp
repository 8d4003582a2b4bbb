// The connection loop over TLS: the handshake, then the same loop.
#include <boost/asio/ssl/stream.hpp>

#include "sim/connection.hpp"
#include "sim/connection_impl.hpp"

namespace rollcall::sim {

boost::asio::awaitable<void> serve_tls(ServerState& state, boost::asio::ssl::context& tls,
                                       boost::asio::ip::tcp::socket socket) {
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream(std::move(socket), tls);
  conn::error_code ec;
  co_await stream.async_handshake(boost::asio::ssl::stream_base::server, conn::use_ec(ec));
  if (ec) co_return;
  co_await conn::serve(state, stream);
}

}  // namespace rollcall::sim
