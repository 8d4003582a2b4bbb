#pragma once
// One connection before the load starts: a target that cannot be reached at
// all is a usage error, told in one line, not a run full of refused requests.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
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

}  // namespace rollcall::http
