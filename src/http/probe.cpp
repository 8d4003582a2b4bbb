#include "http/probe.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <fmt/format.h>

#include "http/tls.hpp"

namespace rollcall::http {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string describe(const boost::system::error_code& ec) {
  std::string text = ec.message();
  if (ec.category() == asio::error::get_ssl_category() && text.find("certificate verify failed") != std::string::npos)
    text += " (give the server's CA with --cacert FILE, or skip the check with --insecure)";
  return text;
}

}  // namespace

std::optional<std::string> probe(const Target& target, const std::vector<tcp::endpoint>& endpoints,
                                 const std::shared_ptr<asio::ssl::context>& tls_context, bool verify,
                                 std::chrono::nanoseconds timeout) {
  asio::io_context io;
  std::optional<std::string> problem;
  bool finished = false;
  std::optional<TlsSessionCache> sessions;
  std::optional<asio::ssl::stream<tcp::socket>> tls;
  tcp::socket plain(io);
  if (tls_context) {
    sessions.emplace(tls_context, target.host, verify);
    tls.emplace(io, *tls_context);
    if (!sessions->prepare(tls->native_handle()))
      return fmt::format("cannot check {}'s certificate against its name: OpenSSL refused the name", target.origin());
  }
  tcp::socket& socket = tls ? tls->next_layer() : plain;

  asio::async_connect(socket, endpoints, [&](boost::system::error_code ec, const tcp::endpoint&) {
    if (ec) {
      problem = fmt::format("cannot connect to {}: {}", target.origin(), ec.message());
      finished = true;
      return;
    }
    if (!tls) {
      finished = true;
      return;
    }
    tls->async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code hec) {
      if (hec) problem = fmt::format("TLS handshake with {} failed: {}", target.origin(), describe(hec));
      finished = true;
    });
  });
  io.run_for(timeout);
  if (!finished) problem = fmt::format("cannot connect to {}: no answer within {}s", target.origin(),
                                       std::chrono::duration<double>(timeout).count());
  return problem;
}

}  // namespace rollcall::http
