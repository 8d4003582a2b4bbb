#include "http/resolve.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include "common/ascii.hpp"
#include "common/usage_error.hpp"

namespace rollcall::http {

namespace {

[[noreturn]] void bad(const std::string& text, const std::string& why) {
  throw UsageError(fmt::format("--resolve {}: {} (expected HOST:PORT:ADDRESS[,ADDRESS...], as curl's, "
                               "e.g. ent.example.fr:443:127.0.0.1)",
                               text, why));
}

// "host:port:" at the front; the host may be a bracketed IPv6 literal.
std::size_t split_host(const std::string& text, std::string& host) {
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') bad(text, "an unclosed [ in the host");
    host = text.substr(1, close - 1);
    return close + 2;
  }
  const auto colon = text.find(':');
  if (colon == std::string::npos) bad(text, "no port");
  host = text.substr(0, colon);
  return colon + 1;
}

}  // namespace

PinnedHost parse_pinned_host(const std::string& text) {
  PinnedHost out;
  std::size_t at = split_host(text, out.host);
  if (out.host.empty()) bad(text, "no host");
  out.host = ascii::lower(out.host);
  const auto colon = text.find(':', at);
  if (colon == std::string::npos) bad(text, "no address");
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(text.data() + at, text.data() + colon, port);
  if (ec != std::errc{} || end != text.data() + colon || port == 0 || port > 65535)
    bad(text, fmt::format("'{}' is not a port (1 to 65535)", text.substr(at, colon - at)));
  out.port = static_cast<std::uint16_t>(port);
  std::string addresses = text.substr(colon + 1);
  if (addresses.empty()) bad(text, "no address");
  std::size_t from = 0;
  while (from <= addresses.size()) {
    const auto comma = std::min(addresses.find(',', from), addresses.size());
    std::string one = addresses.substr(from, comma - from);
    if (one.size() >= 2 && one.front() == '[' && one.back() == ']') one = one.substr(1, one.size() - 2);
    boost::system::error_code parse_ec;
    const auto address = boost::asio::ip::make_address(one, parse_ec);
    if (parse_ec) bad(text, fmt::format("'{}' is not an IP address", one));
    out.endpoints.emplace_back(address, out.port);
    from = comma + 1;
  }
  return out;
}

const PinnedHost* find_pinned(const PinnedHosts& pinned, const std::string& host, std::uint16_t port) {
  const std::string key = ascii::lower(host);
  for (const auto& p : pinned)
    if (p.port == port && p.host == key) return &p;
  return nullptr;
}

std::vector<boost::asio::ip::tcp::endpoint> resolve_once(const Target& target, const PinnedHosts& pinned) {
  if (const auto* p = find_pinned(pinned, target.host, target.port)) return p->endpoints;
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  boost::system::error_code ec;
  auto results = resolver.resolve(target.host, std::to_string(target.port), ec);
  if (ec || results.empty())
    throw UsageError(fmt::format("cannot resolve host '{}': {}", target.host, ec ? ec.message() : "no address"));
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;
  for (const auto& entry : results) endpoints.push_back(entry.endpoint());
  return endpoints;
}

}  // namespace rollcall::http
