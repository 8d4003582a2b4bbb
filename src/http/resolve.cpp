#include "http/resolve.hpp"

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include "common/usage_error.hpp"

namespace rollcall::http {

std::vector<boost::asio::ip::tcp::endpoint> resolve_once(const Target& target) {
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
