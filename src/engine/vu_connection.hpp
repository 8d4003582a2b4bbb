#pragma once
// A virtual user's connection to one host, as a browser keeps one: opened
// on first use, kept alive between requests, reopened when the server closed
// it. The transport (TCP or TLS) is chosen when it is made.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http/failure.hpp"
#include "http/response_reader.hpp"

namespace rollcall::http {
class TlsSessionCache;
}

namespace rollcall::engine {

struct ScenarioLane;

struct ExchangeOptions {
  bool keep_body = false;
  std::size_t body_cap = 0;
  bool expect_no_body = false;   // HEAD
  std::chrono::nanoseconds timeout{};
  std::chrono::nanoseconds connect_timeout{};
};

struct ExchangeResult {
  http::Failure failure = http::Failure::none;
  bool abandoned = false;        // cut by the end of the run, not a failure of the target
  bool resent = false;           // the kept-alive connection was found closed: sent again on a new one
  std::uint64_t bytes_read = 0;  // from the socket: status line, headers and body as sent (coded)
  std::uint64_t decoded_bytes = 0;  // the kept body after its content codings were undone (0: not kept)
  unsigned proxy_status = 0;     // Failure::proxy: what the proxy answered to CONNECT
};

class VuConnection {
 public:
  virtual ~VuConnection() = default;
  // Opens the connection if needed, sends `request`, reads the whole
  // response into `response`, and undoes the content codings of a kept
  // body (a body that cannot be decoded fails the exchange: undecodable). A keep-alive connection found closed by the
  // server is reopened and the request sent again, once, as browsers do.
  // `head` is the request line and headers, `body` the body: written
  // together without being copied into one buffer.
  virtual boost::asio::awaitable<ExchangeResult> exchange(const std::string& head, const std::string& body,
                                                          http::ResponseData& response, const ExchangeOptions& options) = 0;
  // Closes for good: the user is done with it.
  virtual void retire() noexcept = 0;

  bool busy = false;
};

std::shared_ptr<VuConnection> make_plain_connection(ScenarioLane& lane, boost::asio::ip::tcp::endpoint endpoint);
// `tunnel`: through a proxy, the CONNECT request that opens the way to the host.
std::shared_ptr<VuConnection> make_tls_connection(ScenarioLane& lane, boost::asio::ip::tcp::endpoint endpoint,
                                                  http::TlsSessionCache& session,
                                                  std::shared_ptr<const std::string> tunnel = nullptr);

}  // namespace rollcall::engine
