#include "http/probe.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <fmt/format.h>

#include "common/instant.hpp"
#include "http/proxy.hpp"
#include "http/request.hpp"
#include "http/response_reader.hpp"
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
  bool connected = false;  // a stall after this is the server's silence, not an unreachable address
  std::optional<ServerDate> asked;  // set: send one HEAD once connected, and read its answer's header

  std::string dialled() const {
    return proxy ? fmt::format("the proxy {} (for {})", proxy->shown(), target.origin()) : target.origin();
  }

  asio::awaitable<void> run() {
    auto [ec, ignored] = co_await asio::async_connect(socket, endpoints, nothrow_awaitable);
    if (ec) {
      problem = fmt::format("cannot connect to {}: {}", dialled(), ec.message());
      finished = true;
      co_return;
    }
    connected = true;
    if (tls && proxy) {
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
    if (!problem && asked) {
      if (tls)
        co_await ask(*tls);
      else
        co_await ask(socket);
    }
    finished = true;
  }

  template <class Stream>
  asio::awaitable<void> ask(Stream& stream) {
    RequestSpec head;
    head.method = "HEAD";
    // Plain http through a proxy: the request goes to the proxy, in absolute form.
    const std::string request = serialize_request(target, head, tls ? nullptr : proxy);
    asked->sent_at = epoch_now();
    auto [wec, written] = co_await asio::async_write(stream, asio::buffer(request), nothrow_awaitable);
    if (wec) {
      problem = fmt::format("cannot ask {} the time (HEAD {}): {}", target.origin(), target.path_and_query, wec.message());
      co_return;
    }
    ResponseData answer;
    ResponseReader reader(answer, false, 0);
    reader.skip(true);  // the answer to a HEAD has no body, whatever its Content-Length says
    boost::beast::flat_buffer buffer;
    auto [rec, read] = co_await boost::beast::http::async_read_header(stream, buffer, reader, nothrow_awaitable);
    asked->received_at = epoch_now();
    if (rec) {
      problem = fmt::format("no usable answer from {} to HEAD {}: {}", target.origin(), target.path_and_query, rec.message());
      co_return;
    }
    asked->status = answer.status;
    if (const auto date = answer.header("Date")) asked->date = parse_http_date(*date);
  }
};

}  // namespace

namespace {

std::variant<std::string, ServerDate> connect_and_ask(const Target& target, const std::vector<tcp::endpoint>& endpoints,
                                                      const std::shared_ptr<asio::ssl::context>& tls_context, bool verify,
                                                      std::chrono::nanoseconds timeout, const Proxy* proxy, bool ask) {
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
  Probe probe{target, endpoints, proxy, tls, tls ? tls->next_layer() : plain, {}, false, false, {}};
  if (ask) probe.asked.emplace();
  asio::co_spawn(io, probe.run(), asio::detached);
  io.run_for(timeout);
  const double waited_s = std::chrono::duration<double>(timeout).count();
  if (!probe.finished && !probe.connected)
    return fmt::format("cannot connect to {}: no answer within {}s", probe.dialled(), waited_s);
  if (!probe.finished && ask)
    return fmt::format("no answer from {} to HEAD {} within {}s (connected, then silence)", target.origin(),
                       target.path_and_query, waited_s);
  if (!probe.finished)
    return fmt::format("{} accepted the connection, then did not finish its handshake within {}s", probe.dialled(), waited_s);
  if (probe.problem) return *probe.problem;
  return probe.asked.value_or(ServerDate{});
}

}  // namespace

std::optional<std::string> probe(const Target& target, const std::vector<tcp::endpoint>& endpoints,
                                 const std::shared_ptr<asio::ssl::context>& tls_context, bool verify,
                                 std::chrono::nanoseconds timeout, const Proxy* proxy) {
  auto outcome = connect_and_ask(target, endpoints, tls_context, verify, timeout, proxy, false);
  if (auto* problem = std::get_if<std::string>(&outcome)) return *problem;
  return std::nullopt;
}

std::variant<std::string, ServerDate> read_server_date(const Target& target, const std::vector<tcp::endpoint>& endpoints,
                                                       const std::shared_ptr<asio::ssl::context>& tls_context, bool verify,
                                                       std::chrono::nanoseconds timeout, const Proxy* proxy) {
  return connect_and_ask(target, endpoints, tls_context, verify, timeout, proxy, true);
}

}  // namespace rollcall::http
