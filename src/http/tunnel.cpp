#include "http/tunnel.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include "http/response_limits.hpp"
#include "http/transport.hpp"

namespace rollcall::http {

namespace beast = boost::beast;

asio::awaitable<TunnelAnswer> open_tunnel(tcp::socket& socket, const std::string& request) {
  TunnelAnswer answer;
  auto [write_ec, written] = co_await asio::async_write(socket, asio::buffer(request), nothrow_awaitable);
  if (write_ec) {
    answer.ec = write_ec;
    co_return answer;
  }
  // Read up to the end of the header and no further: after a 2xx the
  // proxy's next bytes are the target's, and nothing comes before the
  // client's hello.
  beast::flat_buffer buffer(max_unparsed_bytes);
  beast::http::response_parser<beast::http::empty_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(max_unparsed_bytes));
  parser.skip(true);
  auto [read_ec, n] = co_await beast::http::async_read_header(socket, buffer, parser, nothrow_awaitable);
  if (read_ec == beast::http::error::buffer_overflow) read_ec = beast::http::error::header_limit;
  answer.ec = read_ec;
  if (read_ec) co_return answer;
  answer.status = parser.get().result_int();
  // Bytes past a 2xx answer's header would be taken for the target's TLS.
  if (answer.opened() && buffer.size() > 0) answer.ec = beast::http::error::unexpected_body;
  co_return answer;
}

}  // namespace rollcall::http
