#pragma once
// One connection of `rollcall bench`: it sends the plan's request again and
// again, on a fixed schedule (open model) or as soon as the previous answer
// came (closed model), and counts what happened to each.
//
// The hot path allocates nothing: the request bytes are shared, the read
// buffer and the timers live as long as the connection, and the parser keeps
// no header or body.
#include <algorithm>
#include <memory>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "engine/lane.hpp"
#include "http/response_meter.hpp"
#include "http/transport.hpp"

namespace rollcall::engine {

namespace asio = boost::asio;
using boost::system::error_code;
using http::Failure;
using http::Phase;

template <class Transport>
class BenchConnection : public std::enable_shared_from_this<BenchConnection<Transport>> {
 public:
  BenchConnection(Lane& lane, std::size_t endpoint_index)
      : lane_(lane),
        plan_(lane.plan),
        endpoint_(plan_.endpoints[endpoint_index % plan_.endpoints.size()]),
        transport_(lane.io.get_executor(), lane.tls ? &*lane.tls : nullptr),
        pacer_(lane.io),
        watchdog_(lane.io),
        watchdog_period_(std::min({plan_.timeouts.connect, plan_.timeouts.handshake, plan_.timeouts.request})) {}

  static void start(std::shared_ptr<BenchConnection> self) {
    self->arm_watchdog(self->lane_.start + self->watchdog_period_);
    asio::co_spawn(self->lane_.io, run(self), asio::detached);
  }

 private:
  // Coroutines take their state as parameters, never as lambda captures:
  // the shared_ptr in the frame keeps the connection alive while it runs.
  static asio::awaitable<void> run(std::shared_ptr<BenchConnection> self) {
    co_await self->sleep_until(self->lane_.start);
    while (auto due = co_await self->next_due()) {
      co_await self->issue(*due);
    }
    self->finish();
  }

  // The time the next request is due, or nothing when the run is over.
  asio::awaitable<std::optional<TimePoint>> next_due() {
    if (!lane_.schedule) {
      const auto now = Clock::now();
      if (now >= lane_.end) co_return std::nullopt;
      co_return now;
    }
    const TimePoint due = lane_.schedule->take();
    if (due >= lane_.end) co_return std::nullopt;
    if (due > Clock::now()) co_await sleep_until(due);
    co_return due;
  }

  asio::awaitable<void> sleep_until(TimePoint t) {
    pacer_.expires_at(t);
    co_await pacer_.async_wait(http::nothrow_awaitable);
  }

  // Sends one request due at `due` and records its outcome. Latency runs
  // from `due`, so time spent waiting for a free connection is counted.
  asio::awaitable<void> issue(TimePoint due) {
    auto& stats = lane_.stats;
    if (lane_.schedule) {
      ++stats.sent_on_schedule;
      const auto lag = Clock::now() - due;
      stats.send_lag.record(to_micros(lag));
      if (lag > std::chrono::milliseconds(1)) ++stats.late_sends;
    }
    Failure failure = co_await exchange();
    if (failure == Failure::closed || failure == Failure::reset) {
      // A keep-alive connection the server closed while idle: browsers send
      // the request again on a new connection, and so do we, once.
      if (reused_ && !response_started_ && !abandoned_ && Clock::now() < lane_.hard_stop) {
        ++stats.stale_retries;
        transport_.close();
        failure = co_await exchange();
      }
    }
    const auto now = Clock::now();
    if (abandoned_) {
      ++stats.unfinished;
      return_to_idle();
      co_return;
    }
    if (failure == Failure::none || failure == Failure::http_4xx || failure == Failure::http_5xx) {
      ++stats.responses;
      stats.latency.record(to_micros(now - due));
    }
    if (failure != Failure::none) {
      stats.count(failure);
      if (failure != Failure::http_4xx && failure != Failure::http_5xx) {
        transport_.close();
        co_await back_off_after(failure);
      }
    }
    return_to_idle();
  }

  // A connection that cannot connect must not spin: a refused port answers
  // in microseconds and would turn the test into a loop of errors.
  asio::awaitable<void> back_off_after(Failure failure) {
    if (failure != Failure::refused && failure != Failure::unreachable && failure != Failure::no_descriptors &&
        failure != Failure::no_local_ports && failure != Failure::timeout_connect)
      co_return;
    const auto wait = std::chrono::milliseconds(10);
    if (!lane_.schedule && Clock::now() + wait < lane_.end) co_await sleep_until(Clock::now() + wait);
  }

  // Connects if needed, writes the request, reads the whole response.
  asio::awaitable<Failure> exchange() {
    response_started_ = false;
    if (!transport_.is_open()) {
      reused_ = false;
      if (auto f = co_await open(); f != Failure::none) co_return f;
    } else {
      reused_ = true;
    }
    arm(plan_.timeouts.request, Phase::exchange);
    auto [write_ec, written] =
        co_await asio::async_write(transport_.stream(), asio::buffer(plan_.request), http::nothrow_awaitable);
    lane_.stats.bytes_written += written;
    if (write_ec) co_return disarm(write_ec);

    parser_.emplace();
    if (plan_.expect_no_body) parser_->skip(true);
    error_code ec;
    for (;;) {
      if (buffer_.size() > 0) {
        const std::size_t used = parser_->put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec == boost::beast::http::error::need_more) ec = {};
        if (ec || parser_->is_done()) break;
        if (used > 0) continue;
      }
      auto [read_ec, n] = co_await transport_.stream().async_read_some(buffer_.prepare(read_size_), http::nothrow_awaitable);
      if (read_ec) {
        // A body delimited by the end of the connection ends here.
        if (read_ec == asio::error::eof && parser_->got_some()) {
          parser_->put_eof(ec);
          if (!ec && parser_->is_done()) break;
        }
        ec = read_ec;
        break;
      }
      buffer_.commit(n);
      response_started_ = true;
      lane_.stats.bytes_read += n;
    }
    if (ec) co_return disarm(ec);
    disarm({});
    if (!reused_) transport_.after_first_response();
    // Size the next reads after this response: small pages keep a small
    // buffer, large files get fewer system calls.
    read_size_ = std::clamp<std::size_t>(parser_->body_bytes(), 8 * 1024, 64 * 1024);
    if (!parser_->keep_alive()) transport_.close();
    co_return http::classify_status(parser_->status());
  }

  asio::awaitable<Failure> open() {
    ++lane_.stats.connects;
    buffer_.clear();
    arm(plan_.timeouts.connect, Phase::connect);
    if (auto ec = co_await transport_.connect(endpoint_); ec) co_return disarm(ec);
    disarm({});
    if (lane_.tls) {
      arm(plan_.timeouts.handshake, Phase::handshake);
      if (auto ec = co_await transport_.handshake(); ec) co_return disarm(ec);
      disarm({});
    }
    co_return Failure::none;
  }

  // The watchdog: one timer per connection, re-armed rarely. Operations only
  // move the deadline; when the timer fires past it, the socket is closed and
  // the pending operation fails, which the phase turns into a timeout class.
  void arm(std::chrono::nanoseconds timeout, Phase phase) {
    phase_ = phase;
    timed_out_ = false;
    deadline_ = std::min(Clock::now() + timeout, lane_.hard_stop);
    in_flight_ = true;
  }

  Failure disarm(const error_code& ec) {
    in_flight_ = false;
    if (!ec) return Failure::none;
    if (timed_out_) {
      switch (phase_) {
        case Phase::connect: return Failure::timeout_connect;
        case Phase::handshake: return Failure::timeout_handshake;
        case Phase::exchange: return Failure::timeout_read;
      }
    }
    return http::classify(ec, phase_);
  }

  void arm_watchdog(TimePoint at) {
    watchdog_.expires_at(at);
    watchdog_.async_wait([self = this->shared_from_this()](error_code ec) { self->on_watchdog(ec); });
  }

  void on_watchdog(error_code ec) {
    if (ec || finished_) return;
    const auto now = Clock::now();
    if (in_flight_ && now >= deadline_) {
      if (now >= lane_.hard_stop)
        abandoned_ = true;
      else
        timed_out_ = true;
      transport_.close();
      in_flight_ = false;
    }
    // New deadlines are always at least one period away, so waking at the
    // current deadline or one period from now never misses one.
    arm_watchdog(in_flight_ ? deadline_ : now + watchdog_period_);
  }

  void return_to_idle() { abandoned_ = false; }

  void finish() {
    finished_ = true;
    transport_.close();
    watchdog_.cancel();
    pacer_.cancel();
  }

  Lane& lane_;
  const BenchPlan& plan_;
  boost::asio::ip::tcp::endpoint endpoint_;
  Transport transport_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::ResponseMeter> parser_;
  std::size_t read_size_ = 8 * 1024;
  asio::steady_timer pacer_;
  asio::steady_timer watchdog_;
  std::chrono::nanoseconds watchdog_period_;
  TimePoint deadline_{};
  Phase phase_ = Phase::connect;
  bool in_flight_ = false;
  bool timed_out_ = false;
  bool abandoned_ = false;
  bool finished_ = false;
  bool reused_ = false;
  bool response_started_ = false;
};

template <class Transport>
void spawn_connections(Lane& lane, unsigned count) {
  for (unsigned i = 0; i < count; ++i) {
    auto connection = std::make_shared<BenchConnection<Transport>>(lane, i);
    BenchConnection<Transport>::start(std::move(connection));
  }
}

}  // namespace rollcall::engine
