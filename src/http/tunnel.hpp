#pragma once
// A CONNECT tunnel through an HTTP proxy: the request is written on the
// connection to the proxy and its answer read, header only. A 2xx opens the
// tunnel, and the TLS handshake with the target follows on the same socket;
// any other status is the proxy's refusal. The caller's watchdog bounds the
// time (a proxy that stalls), the header limit the size (one that never ends
// its header), as for any answer.
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace rollcall::http {

struct TunnelAnswer {
  boost::system::error_code ec;  // the connection or the answer failed
  unsigned status = 0;           // the proxy's status, when it answered
  bool opened() const { return !ec && status >= 200 && status < 300; }
};

boost::asio::awaitable<TunnelAnswer> open_tunnel(boost::asio::ip::tcp::socket& socket, const std::string& request);

}  // namespace rollcall::http
