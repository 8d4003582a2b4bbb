#include "http/probe.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <fmt/format.h>

#include "http/proxy.hpp"
#include "http/tls.hpp"
#include "http/transport.hpp"
#include "http/tunnel.hpp"

namespace rollcall::http {

namespace {

std::string describe(const boost::system::error_code& ec) {
  std::string text = ec.message();
  if (ec.category() == asio::error::get_ssl_category() && text.find("certificate verify failed") != std::string::npos)
    text += " (give the server's CA with --cacert FILE, or skip the check with --insecure)";
  return text;
}

std::string refusal(const Proxy& proxy, const Target& target, unsigned status) {
  std::string text = fmt::format("the proxy {} answered {} to CONNECT {}:{}", proxy.shown(), status, target.host, target.port);
  if (status == 407)
    text += proxy.authorization.empty() ? " (it wants credentials: --proxy http://user:password@host:port)"
                                        : " (it refused the credentials of the proxy URL)";
  return text;
}

struct Probe {
  const Target& target;
  const std::vector<tcp::endpoint>& endpoints;
  const Proxy* proxy;
  std::optional<asio::ssl::stream<tcp::socket>>& tls;
  tcp::socket& socket;
  std::optional<std::string> problem;
  bool finished = false;

  std::string dialled() const {
    return proxy ? fmt::format("the proxy {} (for {})", proxy->shown(), target.origin()) : target.origin();
  }

  asio::awaitable<void> run() {
    auto [ec, ignored] = co_await asio::async_connect(socket, endpoints, nothrow_awaitable);
    if (ec) {
      problem = fmt::format("cannot connect to {}: {}", dialled(), ec.message());
    } else if (tls && proxy) {
      const std::string request = connect_request(*proxy, target.host, target.port);
      const TunnelAnswer answer = co_await open_tunnel(socket, request);
      if (answer.ec)
        problem = fmt::format("the proxy {} gave no usable answer to CONNECT: {}", proxy->shown(), answer.ec.message());
      else if (!answer.opened())
        problem = refusal(*proxy, target, answer.status);
    }
    if (!problem && tls) {
      auto [hec] = co_await tls->async_handshake(asio::ssl::stream_base::client, nothrow_awaitable);
      if (hec) problem = fmt::format("TLS handshake with {} failed: {}", target.origin(), describe(hec));
    }
    finished = true;
  }
};

}  // namespace

std::optional<std::string> probe(const Target& target, const std::vector<tcp::endpoint>& endpoints,
                                 const std::shared_ptr<asio::ssl::context>& tls_context, bool verify,
                                 std::chrono::nanoseconds timeout, const Proxy* proxy) {
  asio::io_context io;
  std::optional<TlsSessionCache> sessions;
  std::optional<asio::ssl::stream<tcp::socket>> tls;
  tcp::socket plain(io);
  if (tls_context) {
    sessions.emplace(tls_context, target.host, verify);
    tls.emplace(io, *tls_context);
    if (!sessions->prepare(tls->native_handle()))
      return fmt::format("cannot check {}'s certificate against its name: OpenSSL refused the name", target.origin());
  }
  Probe probe{target, endpoints, proxy, tls, tls ? tls->next_layer() : plain, {}, false};
  asio::co_spawn(io, probe.run(), asio::detached);
  io.run_for(timeout);
  if (!probe.finished)
    return fmt::format("cannot connect to {}: no answer within {}s", probe.dialled(),
                       std::chrono::duration<double>(timeout).count());
  return probe.problem;
}

}  // namespace rollcall::http
