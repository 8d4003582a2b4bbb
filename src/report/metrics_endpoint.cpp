#include "report/metrics_endpoint.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include "common/usage_error.hpp"

namespace rollcall::report {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

tcp::endpoint parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    throw UsageError(fmt::format("--metrics-listen {}: expected ADDRESS:PORT, such as 127.0.0.1:9464", listen));
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "127.0.0.1";
  unsigned port = 0;
  const std::string port_text = listen.substr(colon + 1);
  if (std::sscanf(port_text.c_str(), "%u", &port) != 1 || port > 65535 || port_text.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError(fmt::format("--metrics-listen {}: '{}' is not a port", listen, port_text));
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) throw UsageError(fmt::format("--metrics-listen {}: '{}' is not an IP address", listen, host));
  return {address, static_cast<unsigned short>(port)};
}

}  // namespace

struct MetricsEndpoint::Impl {
  // Scrapes answered at once; more connections are closed as they arrive,
  // so that a client opening many and sending nothing holds at most this
  // many sockets and coroutine frames, each for at most the deadline.
  static constexpr int max_scrapes = 16;
  static constexpr auto request_deadline = std::chrono::seconds(5);

  // Declared before io: the frames of scrapes under way, which io destroys
  // in its destructor, decrement it.
  int scrapes = 0;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::mutex mutex;
  std::string text = "# rollcall: no interval has ended yet\n";
  std::thread thread;

  std::string current() {
    std::lock_guard lock(mutex);
    return text;
  }

  // One short exchange per scrape: read the request head, answer, close.
  // The socket is shared with the deadline's handler, which may run after
  // this frame has ended (a timer that expired just as the exchange
  // finished is not cancelled by cancel()): it owns the socket, not a
  // reference into the frame.
  static asio::awaitable<void> answer(Impl& self, std::shared_ptr<tcp::socket> socket) {
    struct Slot {
      int& scrapes;
      ~Slot() { --scrapes; }
    } slot{self.scrapes};
    std::string request;
    asio::steady_timer deadline(self.io);
    deadline.expires_after(request_deadline);
    deadline.async_wait([socket](boost::system::error_code ec) {
      boost::system::error_code ignored;
      if (!ec) socket->close(ignored);  // a client that never finishes its request
    });
    auto [ec, n] = co_await asio::async_read_until(*socket, asio::dynamic_buffer(request, 16 * 1024), "\r\n\r\n", nothrow);
    if (!ec) {
      const std::string body = self.current();
      const std::string response = fmt::format(
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: {}\r\n"
          "Connection: close\r\n\r\n{}",
          body.size(), request.rfind("HEAD ", 0) == 0 ? std::string() : body);
      co_await asio::async_write(*socket, asio::buffer(response), nothrow);
    }
    deadline.cancel();
    boost::system::error_code ignored;
    socket->shutdown(tcp::socket::shutdown_both, ignored);
    socket->close(ignored);
  }

  static asio::awaitable<void> accept(Impl& self) {
    for (;;) {
      auto [ec, socket] = co_await self.acceptor.async_accept(nothrow);
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) continue;
      if (self.scrapes >= max_scrapes) {
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      ++self.scrapes;
      asio::co_spawn(self.io, answer(self, std::make_shared<tcp::socket>(std::move(socket))), asio::detached);
    }
  }
};

MetricsEndpoint::MetricsEndpoint(const std::string& listen) : impl_(std::make_unique<Impl>()) {
  const auto endpoint = parse_listen(listen);
  boost::system::error_code ec;
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(64, ec);
  if (ec) throw UsageError(fmt::format("--metrics-listen {}: cannot listen there: {}", listen, ec.message()));
  asio::co_spawn(impl_->io, Impl::accept(*impl_), asio::detached);
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

MetricsEndpoint::~MetricsEndpoint() {
  asio::post(impl_->io, [this] {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->io.stop();
  impl_->thread.join();
}

void MetricsEndpoint::publish(std::string text) {
  std::lock_guard lock(impl_->mutex);
  impl_->text = std::move(text);
}

unsigned short MetricsEndpoint::port() const { return impl_->acceptor.local_endpoint().port(); }

}  // namespace rollcall::report
