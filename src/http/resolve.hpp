#pragma once
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "http/url.hpp"

namespace rollcall::http {

// Resolves the target once for the whole run: a load test measures the
// server, not the resolver. Throws UsageError when the name does not resolve.
std::vector<boost::asio::ip::tcp::endpoint> resolve_once(const Target& target);

}  // namespace rollcall::http
