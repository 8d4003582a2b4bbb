#pragma once
// The two ways rollcall reaches a server: plain TCP and TLS over TCP. Each
// owns one stream and knows how to open it; the exchange loop reads and
// writes the stream directly, so no virtual call or extra coroutine frame
// sits between a request and the socket.
//
// Include only from the few translation units that drive connections: this
// header pulls in Asio's socket and SSL templates.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/tls.hpp"

namespace rollcall::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// Completion token that reports errors as values: exceptions are too slow
// for errors that a load test expects by the thousand.
inline constexpr auto nothrow_awaitable = asio::as_tuple(asio::use_awaitable);

// Opens `socket` and, with a source address (`--source-ip`), binds it there
// before connecting. The port is left to connect() (IP_BIND_ADDRESS_NO_PORT):
// bind() alone would reserve a port towards every server, connect() needs
// it free only towards this one.
inline error_code open_socket(tcp::socket& socket, const tcp::endpoint& endpoint, const asio::ip::address* source) {
  error_code ec;
  socket.open(endpoint.protocol(), ec);
  if (ec || !source) return ec;
  const int yes = 1;
  ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &yes, sizeof yes);
  socket.bind(tcp::endpoint(*source, 0), ec);
  if (ec) socket.close();
  return ec;
}

class PlainTransport {
 public:
  using Stream = tcp::socket;
  static constexpr bool is_tls = false;

  PlainTransport(const asio::any_io_executor& ex, TlsSessionCache*) : socket_(ex) {}

  asio::awaitable<error_code> connect(const tcp::endpoint& endpoint, const asio::ip::address* source) {
    error_code ignored;
    socket_.close(ignored);
    if (auto open_ec = open_socket(socket_, endpoint, source); open_ec) co_return open_ec;
    auto [ec] = co_await socket_.async_connect(endpoint, nothrow_awaitable);
    if (!ec) socket_.set_option(tcp::no_delay(true), ignored);
    co_return ec;
  }

  // Plain TCP has nothing to negotiate.
  asio::awaitable<error_code> handshake() { co_return error_code{}; }
  void after_first_response() noexcept {}

  // Writes what the socket takes now, without waiting; returns how much.
  // A request almost always fits in the socket's buffer, and an
  // asynchronous write that completes at once still costs a trip through
  // the event loop: Asio queues its completion behind a poll of the
  // reactor (one more epoll_wait per request). MSG_DONTWAIT rather than
  // the socket's non-blocking mode, whose setting would be one more system
  // call per fresh connection. Waiting (EAGAIN) is not an error: the caller
  // writes the rest asynchronously.
  std::size_t write_now(const std::array<asio::const_buffer, 2>& buffers, error_code& ec) noexcept {
    std::array<::iovec, 2> parts{};
    for (std::size_t i = 0; i < buffers.size(); ++i)
      parts[i] = {const_cast<void*>(buffers[i].data()), buffers[i].size()};
    ::msghdr message{};
    message.msg_iov = parts.data();
    message.msg_iovlen = parts.size();
    const ::ssize_t sent = ::sendmsg(socket_.native_handle(), &message, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent >= 0) return static_cast<std::size_t>(sent);
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ec = error_code(errno, asio::error::get_system_category());
    return 0;
  }

  // Reads what has already arrived, without waiting. False when nothing
  // has: the caller then waits with an asynchronous read. For the rest of a
  // large answer, which is usually there already; an asynchronous read
  // would find it too, but pay the same trip through the event loop as an
  // immediate write. The end of the stream and errors read as Asio's would.
  bool read_now(asio::mutable_buffer buffer, std::size_t& n, error_code& ec) noexcept {
    if (buffer.size() == 0) return false;
    const ::ssize_t got = ::recv(socket_.native_handle(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got > 0) {
      n = static_cast<std::size_t>(got);
      return true;
    }
    n = 0;
    if (got == 0) {
      ec = asio::error::eof;
      return true;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return false;
    ec = error_code(errno, asio::error::get_system_category());
    return true;
  }

  Stream& stream() noexcept { return socket_; }
  tcp::socket& socket() noexcept { return socket_; }
  bool is_open() const noexcept { return socket_.is_open(); }
  void close() noexcept {
    error_code ignored;
    socket_.close(ignored);
  }

 private:
  tcp::socket socket_;
};

class TlsTransport {
 public:
  using Stream = asio::ssl::stream<tcp::socket>;
  static constexpr bool is_tls = true;

  TlsTransport(const asio::any_io_executor& ex, TlsSessionCache* sessions)
      : executor_(ex), sessions_(sessions) {}

  asio::awaitable<error_code> connect(const tcp::endpoint& endpoint, const asio::ip::address* source) {
    // A TLS stream cannot be reused after its connection ends: make a new one.
    stream_.emplace(executor_, sessions_->context());
    if (auto open_ec = open_socket(stream_->next_layer(), endpoint, source); open_ec) co_return open_ec;
    auto [ec] = co_await stream_->next_layer().async_connect(endpoint, nothrow_awaitable);
    if (!ec) {
      error_code ignored;
      stream_->next_layer().set_option(tcp::no_delay(true), ignored);
    }
    co_return ec;
  }

  asio::awaitable<error_code> handshake() {
    if (!sessions_->prepare(stream_->native_handle())) {
      const auto e = ::ERR_get_error();  // a TLS failure, whatever OpenSSL queued (maybe nothing)
      co_return error_code(e != 0 ? static_cast<int>(e) : 1, asio::error::get_ssl_category());
    }
    auto [ec] = co_await stream_->async_handshake(asio::ssl::stream_base::client, nothrow_awaitable);
    if (!ec) sessions_->count_handshake(stream_->native_handle());
    co_return ec;
  }

  // TLS 1.3 sends session tickets after the handshake: the first response is
  // the earliest moment a resumable session is known to exist.
  void after_first_response() noexcept { sessions_->remember(stream_->native_handle()); }

  // TLS records are written and read through the stream's own buffers:
  // nothing is done now, everything through the asynchronous calls.
  std::size_t write_now(const std::array<asio::const_buffer, 2>&, error_code&) noexcept { return 0; }
  bool read_now(asio::mutable_buffer, std::size_t&, error_code&) noexcept { return false; }

  Stream& stream() noexcept { return *stream_; }
  tcp::socket& socket() noexcept { return stream_->next_layer(); }
  bool is_open() const noexcept { return stream_ && stream_->next_layer().is_open(); }
  // No close_notify: a load generator closes like a browser tab, and waiting
  // for the peer's answer would only cost time.
  void close() noexcept {
    if (!stream_) return;
    error_code ignored;
    stream_->next_layer().close(ignored);
  }

 private:
  asio::any_io_executor executor_;
  TlsSessionCache* sessions_;
  std::optional<Stream> stream_;
};

}  // namespace rollcall::http
