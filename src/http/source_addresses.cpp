#include "http/source_addresses.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <boost/asio/ip/tcp.hpp>
#include <fmt/format.h>

#include "common/ascii.hpp"
#include "common/usage_error.hpp"

namespace rollcall::http {

namespace asio = boost::asio;

namespace {

asio::ip::address parse_one(std::string_view text) {
  boost::system::error_code ec;
  auto a = asio::ip::make_address(std::string(text), ec);
  if (ec) throw UsageError(fmt::format("--source-ip: '{}' is not an IP address", text));
  return a;
}

void append_range(std::vector<asio::ip::address>& out, std::string_view first_text, std::string_view last_text) {
  const auto first = parse_one(first_text);
  const auto last = parse_one(last_text);
  if (!first.is_v4() || !last.is_v4())
    throw UsageError(fmt::format("--source-ip: the range {}-{} must be of IPv4 addresses; list IPv6 ones", first_text, last_text));
  const auto a = first.to_v4().to_uint();
  const auto b = last.to_v4().to_uint();
  if (a > b) throw UsageError(fmt::format("--source-ip: the range {}-{} ends before it starts", first_text, last_text));
  if (b - a + 1 > max_source_addresses - out.size())
    throw UsageError(fmt::format("--source-ip: more than {} addresses", max_source_addresses));
  for (auto v = a;; ++v) {
    out.emplace_back(asio::ip::address_v4(v));
    if (v == b) break;
  }
}

}  // namespace

SourceAddresses parse_source_addresses(std::string_view text) {
  SourceAddresses result;
  result.spelled = std::string(ascii::trim_blanks(text));
  std::string_view rest = text;
  for (;;) {
    const auto comma = rest.find(',');
    const std::string_view item = ascii::trim_blanks(rest.substr(0, comma));
    if (item.empty()) throw UsageError(fmt::format("--source-ip '{}': an empty item; write 127.0.0.2-127.0.0.20 or 127.0.0.2,127.0.0.3", result.spelled));
    // A dash never occurs in an IP address, so it can only mean a range.
    if (const auto dash = item.find('-'); dash != std::string_view::npos) {
      append_range(result.addresses, ascii::trim_blanks(item.substr(0, dash)), ascii::trim_blanks(item.substr(dash + 1)));
    } else {
      if (result.addresses.size() >= max_source_addresses)
        throw UsageError(fmt::format("--source-ip: more than {} addresses", max_source_addresses));
      result.addresses.push_back(parse_one(item));
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return result;
}

std::optional<std::string> source_address_problem(const asio::ip::address& address, bool target_is_v6) {
  if (address.is_v6() != target_is_v6)
    return fmt::format("--source-ip {}: the target is reached over {}, this address is {}", address.to_string(),
                       target_is_v6 ? "IPv6" : "IPv4", address.is_v6() ? "IPv6" : "IPv4");
  if (address.is_unspecified() || address.is_multicast())
    return fmt::format("--source-ip {}: not an address connections can leave from", address.to_string());
  // A plain socket, not Asio's: a range may hold thousands of addresses.
  const asio::ip::tcp::endpoint endpoint(address, 0);
  const int fd = ::socket(address.is_v6() ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fmt::format("--source-ip {}: cannot open a socket to check it: {}", address.to_string(), std::strerror(errno));
  const int rc = ::bind(fd, endpoint.data(), static_cast<socklen_t>(endpoint.size()));
  const int error = errno;
  ::close(fd);
  if (rc == 0) return std::nullopt;
  if (error == EADDRNOTAVAIL)
    return fmt::format("--source-ip {}: not an address of this machine (neither loopback nor configured on an interface)",
                       address.to_string());
  return fmt::format("--source-ip {}: cannot bind to it: {}", address.to_string(), std::strerror(error));
}

SourceAddresses checked_source_addresses(std::string_view text, bool target_is_v6) {
  SourceAddresses sources = parse_source_addresses(text);
  for (const auto& a : sources.addresses)
    if (auto problem = source_address_problem(a, target_is_v6)) throw UsageError(*problem);
  return sources;
}

}  // namespace rollcall::http
