#pragma once
// The deadline of one connection's exchanges, for bench connections and
// virtual users' connections alike. One timer per connection, armed
// lazily: an idle connection holds no pending wait, and a busy one re-arms
// it about once per timeout rather than once per request. Operations only
// move the deadline; when the timer fires past it, the transport is closed
// and the pending operation fails, which the phase turns into its timeout
// class, or into "abandoned" when the run's hard stop cut it.
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/clock.hpp"
#include "engine/stop_list.hpp"
#include "http/failure.hpp"
#include "http/tunnel.hpp"

namespace rollcall::engine {

template <class Transport>
class Watchdog final : public Stoppable {
 public:
  // `hard_stop` is the lane's: an interrupt moves it earlier.
  Watchdog(boost::asio::io_context& io, Transport& transport, const TimePoint& hard_stop, StopList& stoppables)
      : timer_(io), transport_(transport), hard_stop_(hard_stop) {
    stoppables.join(*this);
  }

  // Starts a phase. `owner` (enable_shared_from_this) is kept alive by the
  // pending wait, so the watchdog, its member, outlives the wait.
  template <class Owner>
  void arm(Owner& owner, std::chrono::nanoseconds timeout, http::Phase phase) {
    phase_ = phase;
    timed_out_ = false;
    deadline_ = std::min(Clock::now() + timeout, hard_stop_);
    in_flight_ = true;
    if (!pending_ || pending_at_ > deadline_) start(owner.shared_from_this(), deadline_);
  }

  // Ends the phase; the error code, if any, becomes its failure class.
  http::Failure disarm(const boost::system::error_code& ec) {
    in_flight_ = false;
    return http::classify(ec, phase_, timed_out_);
  }

  // Opens the transport: connects (from `source`, when given) and, for
  // TLS, shakes hands, each phase under its own timeout. Through a proxy,
  // `tunnel` is the CONNECT request sent once connected, before the
  // handshake; the connect timeout bounds both (a proxy that stalls or
  // never ends its header). The one way both kinds of connection open.
  template <class Owner>
  boost::asio::awaitable<http::Failure> open(Owner& owner, const boost::asio::ip::tcp::endpoint& endpoint,
                                             const boost::asio::ip::address* source,
                                             std::chrono::nanoseconds connect_timeout,
                                             std::chrono::nanoseconds handshake_timeout,
                                             const std::string* tunnel = nullptr) {
    arm(owner, connect_timeout, http::Phase::connect);
    if (auto ec = co_await transport_.connect(endpoint, source); ec) co_return disarm(ec);
    if constexpr (Transport::is_tls) {
      if (tunnel) {
        const http::TunnelAnswer answer = co_await http::open_tunnel(transport_.socket(), *tunnel);
        if (answer.ec) co_return disarm(answer.ec);
        proxy_status_ = answer.status;
        if (!answer.opened()) {
          disarm({});
          co_return http::Failure::proxy;
        }
      }
    }
    disarm({});
    if constexpr (Transport::is_tls) {
      arm(owner, handshake_timeout, http::Phase::handshake);
      if (auto ec = co_await transport_.handshake(); ec) co_return disarm(ec);
      disarm({});
    }
    co_return http::Failure::none;
  }

  // The proxy's answer to the last CONNECT (0: none yet).
  unsigned proxy_status() const noexcept { return proxy_status_; }

  // Whether the hard stop cut the last exchange; reading clears it.
  bool take_abandoned() noexcept { return std::exchange(abandoned_, false); }
  bool abandoned() const noexcept { return abandoned_; }

  // The connection is done for good.
  void retire() {
    retired_ = true;
    timer_.cancel();
  }

  // The hard stop moved earlier: a deadline past it comes forward.
  void on_interrupt() override {
    if (retired_ || !in_flight_ || deadline_ <= hard_stop_) return;
    deadline_ = hard_stop_;
    if (auto keep = owner_.lock()) start(std::move(keep), deadline_);
  }

 private:
  // Each wait carries its number: a wait replaced by a newer one (an
  // earlier deadline) or cancelled finds itself stale and does nothing.
  void start(std::shared_ptr<void> keep, TimePoint at) {
    owner_ = keep;
    pending_ = true;
    pending_at_ = at;
    const unsigned wait = ++waits_;
    timer_.expires_at(at);
    timer_.async_wait([this, wait, keep = std::move(keep)](boost::system::error_code ec) mutable {
      on_fire(ec, wait, std::move(keep));
    });
  }

  void on_fire(boost::system::error_code ec, unsigned wait, std::shared_ptr<void> keep) {
    if (wait != waits_) return;
    pending_ = false;
    if (ec == boost::asio::error::operation_aborted || retired_ || !in_flight_) return;
    const auto now = Clock::now();
    if (now < deadline_) {
      start(std::move(keep), deadline_);
      return;
    }
    if (now >= hard_stop_)
      abandoned_ = true;
    else
      timed_out_ = true;
    transport_.close();
  }

  boost::asio::steady_timer timer_;
  Transport& transport_;
  const TimePoint& hard_stop_;
  TimePoint deadline_{};
  TimePoint pending_at_{};
  http::Phase phase_ = http::Phase::connect;
  bool in_flight_ = false;
  bool timed_out_ = false;
  bool abandoned_ = false;
  bool retired_ = false;
  bool pending_ = false;
  unsigned waits_ = 0;
  unsigned proxy_status_ = 0;
  std::weak_ptr<void> owner_;
};

}  // namespace rollcall::engine
