#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "http/url.hpp"

namespace rollcall::http {

// curl's --resolve HOST:PORT:ADDRESS[,ADDRESS...]: that host and port are
// reached at these addresses, without asking DNS. The URL is unchanged, so
// the Host header, TLS's server name and certificate check, and the
// cookies' domains stay those of HOST: a production name can be aimed at a
// staging address.
struct PinnedHost {
  std::string host;  // lower case; an IPv6 literal without brackets
  std::uint16_t port = 0;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;
};
using PinnedHosts = std::vector<PinnedHost>;

// Parses one --resolve value; throws UsageError saying what was expected.
PinnedHost parse_pinned_host(const std::string& text);

// The pinned addresses of that host and port, or nullptr.
const PinnedHost* find_pinned(const PinnedHosts& pinned, const std::string& host, std::uint16_t port);

// Resolves the target once for the whole run: a load test measures the
// server, not the resolver. A pinned host is not looked up. Throws
// UsageError when the name does not resolve.
std::vector<boost::asio::ip::tcp::endpoint> resolve_once(const Target& target, const PinnedHosts& pinned = {});

}  // namespace rollcall::http
