#include "sim/simulator.hpp"

#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "common/usage_error.hpp"
#include "sim/connection.hpp"
#include "sim/server_state.hpp"
#include "sim/tls_cert.hpp"

namespace rollcall::sim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

// "127.0.0.1:8080", "[::1]:8080".
std::string authority(const std::string& address, std::uint16_t port) {
  if (address.find(':') != std::string::npos) return fmt::format("[{}]:{}", address, port);
  return fmt::format("{}:{}", address, port);
}

}  // namespace

// Declaration order is destruction order reversed, and matters: the io_context
// outlives the sockets and timers bound to it, and the TLS context outlives
// the io_context, whose destruction destroys pending connection coroutines.
struct Simulator::Impl {
  explicit Impl(const Config& c) : state(c), acceptor(ioc) {}

  std::optional<asio::ssl::context> tls;
  asio::io_context ioc{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  ServerState state;
  tcp::acceptor acceptor;
  tcp::endpoint bound;
  std::vector<std::unique_ptr<asio::steady_timer>> window_timers;
  std::thread thread;

  void listen(error_code& ec) {
    acceptor.open(bound.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(bound, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      error_code ignored;
      acceptor.close(ignored);
    }
  }

  void accept() { asio::co_spawn(ioc, accept_loop(*this), asio::detached); }

  static asio::awaitable<void> accept_loop(Impl& self) {
    asio::steady_timer pause(self.ioc);
    for (;;) {
      error_code ec;
      tcp::socket socket = co_await self.acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (!self.acceptor.is_open()) co_return;  // stopping, or a refuse window
        // Out of descriptors, typically: let connections finish first.
        pause.expires_after(std::chrono::milliseconds(10));
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      self.state.counters.connections.fetch_add(1, std::memory_order_relaxed);
      if (self.tls)
        asio::co_spawn(self.ioc, serve_tls(self.state, *self.tls, std::move(socket)), asio::detached);
      else
        asio::co_spawn(self.ioc, serve_plain(self.state, std::move(socket)), asio::detached);
    }
  }

  // refuse@FROM-TO: the listener closes, so connection attempts are refused
  // by the kernel, then reopens on the same port.
  void begin_refusal() {
    if (state.refusing++ == 0) {
      error_code ec;
      acceptor.close(ec);
    }
  }

  void end_refusal() {
    if (--state.refusing > 0) return;
    error_code ec;
    listen(ec);
    if (ec) {
      fmt::print(stderr, "rollcall sim: cannot listen again on port {} after a refuse window: {}\n", bound.port(),
                 ec.message());
      return;
    }
    accept();
  }

  void at(Duration since_start, void (Impl::*action)()) {
    auto timer = std::make_unique<asio::steady_timer>(ioc);
    timer->expires_at(state.started + since_start);
    timer->async_wait([this, action](error_code ec) {
      if (!ec) (this->*action)();
    });
    window_timers.push_back(std::move(timer));
  }
};

Simulator::Simulator(Config config) : config_(std::move(config)) { validate(config_); }

Simulator::~Simulator() { stop(); }

void Simulator::start() {
  if (impl_) throw std::logic_error("Simulator::start called twice");
  impl_ = std::make_unique<Impl>(config_);
  Impl& impl = *impl_;

  if (config_.tls) {
    auto cert = make_self_signed_certificate(config_.listen);
    impl.tls.emplace(asio::ssl::context::tls_server);
    impl.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    impl.tls->use_certificate_chain(asio::buffer(cert.cert_pem));
    impl.tls->use_private_key(asio::buffer(cert.key_pem), asio::ssl::context::pem);
    certificate_pem_ = cert.cert_pem;
  }

  error_code ec;
  impl.bound = tcp::endpoint(asio::ip::make_address(config_.listen), config_.port);
  impl.listen(ec);
  if (ec) throw UsageError(fmt::format("cannot listen on {}:{}: {}", config_.listen, config_.port, ec.message()));
  impl.bound = impl.acceptor.local_endpoint();
  port_ = impl.bound.port();

  impl.state.ent.set_authority(authority(config_.listen, port_));
  impl.state.started = std::chrono::steady_clock::now();
  for (const auto& f : config_.faults) {
    if (f.kind != FaultKind::refuse) continue;
    // A window that opens at 0 is closed before anyone can connect.
    if (*f.from == Duration::zero()) impl.begin_refusal();
    else impl.at(*f.from, &Impl::begin_refusal);
    impl.at(*f.to, &Impl::end_refusal);
  }
  if (impl.acceptor.is_open()) impl.accept();

  impl.thread = std::thread([&impl] {
    try {
      impl.ioc.run();
    } catch (const std::exception& e) {
      fmt::print(stderr, "rollcall sim: internal error: {}\n", e.what());
    }
  });
}

void Simulator::stop() {
  if (!impl_) return;
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  final_stats_ = stats();
  // Destroys pending connections (closing their sockets) and the listener.
  impl_.reset();
}

std::string Simulator::url() const {
  return fmt::format("{}://{}", config_.tls ? "https" : "http", authority(config_.listen, port_));
}

Stats Simulator::stats() const {
  if (!impl_) return final_stats_;
  const auto& c = impl_->state.counters;
  return {c.connections.load(), c.requests.load(), c.turned_away.load(), c.faults.load(), c.busy.load(), c.waiting.load()};
}

}  // namespace rollcall::sim
