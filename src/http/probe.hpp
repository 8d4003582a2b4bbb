#pragma once
// One connection before the load starts: a target that cannot be reached at
// all is a usage error, told in one line, not a run full of refused requests.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "http/url.hpp"

namespace rollcall::http {

struct Proxy;

// Connects (and, for TLS, completes a handshake with certificate checks);
// returns what went wrong, or nothing when the target answers. Through a
// proxy, `endpoints` are the proxy's: for TLS the tunnel is opened and the
// target's certificate checked through it; plain http checks the proxy
// accepts connections.
std::optional<std::string> probe(const Target& target, const std::vector<boost::asio::ip::tcp::endpoint>& endpoints,
                                 const std::shared_ptr<boost::asio::ssl::context>& tls_context,
                                 bool verify, std::chrono::nanoseconds timeout, const Proxy* proxy = nullptr);

// What the target's clock said, and when this machine asked.
struct ServerDate {
  double sent_at = 0;      // this machine's clock, s since the epoch, as the request left
  double received_at = 0;  // ...and as the answer's header was read
  unsigned status = 0;
  std::optional<std::int64_t> date;  // the answer's Date; nothing when it sent none, or none readable
};

// probe(), then one HEAD of the target's URL on the same connection (so
// through the same proxy, tunnel and TLS settings as the run), reading the
// answer's header: a distributed start compares its clock with the
// target's (common/clock_skew.hpp). A problem in words, or the reading.
std::variant<std::string, ServerDate> read_server_date(const Target& target,
                                                       const std::vector<boost::asio::ip::tcp::endpoint>& endpoints,
                                                       const std::shared_ptr<boost::asio::ssl::context>& tls_context,
                                                       bool verify, std::chrono::nanoseconds timeout,
                                                       const Proxy* proxy = nullptr);

}  // namespace rollcall::http
