#pragma once
// One connection of `rollcall bench`: it sends the plan's request again and
// again, on a fixed schedule (open model) or as soon as the previous answer
// came (closed model), and counts what happened to each.
//
// The request path allocates nothing but the frame of one short coroutine
// (the exchange): the request bytes are shared, plain TCP reads
// go into the lane's scratch buffer once the socket is readable (as wrk
// does), so an idle connection holds no read buffer, and the parser keeps no
// header or body.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "engine/exchange_rules.hpp"
#include "engine/lane.hpp"
#include "engine/watchdog.hpp"
#include "http/response_limits.hpp"
#include "http/response_meter.hpp"
#include "http/transport.hpp"

namespace rollcall::engine {

namespace asio = boost::asio;
using boost::system::error_code;
using http::Failure;
using http::Phase;

template <class Transport>
class BenchConnection : public std::enable_shared_from_this<BenchConnection<Transport>> {
  // Plain sockets are read when readable, into the lane's shared buffer; a
  // TLS stream decrypts into a buffer of the connection's own.
  static constexpr bool reads_when_ready = std::is_same_v<Transport, http::PlainTransport>;

 public:
  BenchConnection(Lane& lane, std::size_t endpoint_index)
      : lane_(lane),
        plan_(lane.plan),
        endpoint_(plan_.endpoints[endpoint_index % plan_.endpoints.size()]),
        transport_(lane.io.get_executor(), lane.tls ? &*lane.tls : nullptr),
        pacer_(lane.io),
        watchdog_(lane.io, transport_, lane.hard_stop, lane.stoppables) {}

  static void start(std::shared_ptr<BenchConnection> self) {
    asio::co_spawn(self->lane_.io, run(self), asio::detached);
  }

 private:
  // Coroutines take their state as parameters, never as lambda captures:
  // the shared_ptr in the frame keeps the connection alive while it runs.
  static asio::awaitable<void> run(std::shared_ptr<BenchConnection> self) {
    BenchConnection& c = *self;
    c.pacer_.expires_at(c.lane_.start);
    co_await c.pacer_.async_wait(http::nothrow_awaitable);
    for (;;) {
      if (Clock::now() >= c.lane_.end) break;  // an interrupt during the wait
      // When is the next request due? Closed model: now. Open model: the
      // next free slot of the lane's schedule, however late it already is.
      TimePoint due = Clock::now();
      if (c.lane_.schedule) {
        due = c.lane_.schedule->take();
        if (due >= c.lane_.end) break;
        if (due > Clock::now()) {
          const InterruptibleWait wait(c.lane_.stoppables, c.pacer_);
          c.pacer_.expires_at(due);
          co_await c.pacer_.async_wait(http::nothrow_awaitable);
          if (due >= c.lane_.end) break;  // the run was interrupted meanwhile
        }
        c.note_send_lag(due);
      } else if (due >= c.lane_.end) {
        break;
      }

      Failure failure = Failure::none;
      ++c.lane_.stats.attempts;
      for (int attempt = 0; attempt < 2; ++attempt) {
        c.reused_ = c.transport_.is_open();
        c.response_started_ = false;
        if (!c.reused_) {
          failure = co_await c.open();
          if (failure != Failure::none) break;
        }
        if constexpr (reads_when_ready)
          failure = co_await exchange_plain(c);
        else
          failure = co_await c.exchange_tls();
        if (!resend_on_new_connection(failure, c.reused_, c.response_started_, c.watchdog_.abandoned(), c.lane_.hard_stop))
          break;
        ++c.lane_.stats.stale_retries;
        c.transport_.close();
      }
      c.record(due, failure);
      if (c.must_back_off(failure)) {
        c.pacer_.expires_at(Clock::now() + std::chrono::milliseconds(10));
        co_await c.pacer_.async_wait(http::nothrow_awaitable);
      }
    }
    c.finish();
  }

  // Plain TCP: the exchange is written into the run loop itself, with only
  // Asio operations awaited, because every awaited coroutine costs a heap
  // frame and a resumption: this is the path that must keep up with wrk.
  static asio::awaitable<Failure> exchange_plain(BenchConnection& c) requires reads_when_ready {
    auto& socket = c.transport_.socket();
    error_code ec = c.begin_exchange();
    if (!ec && c.unsent_ > 0) {
      auto [write_ec, n] = co_await asio::async_write(
          socket, asio::buffer(c.plan_.request.data() + c.plan_.request.size() - c.unsent_, c.unsent_),
          http::nothrow_awaitable);
      c.lane_.stats.bytes_written += n;
      ec = write_ec;
    }
    bool done = false;
    bool readable = false;  // after a write the answer is not there yet: wait before reading
    while (!ec && !done) {
      if (!readable) {
        auto [wait_ec] = co_await socket.async_wait(asio::socket_base::wait_read, http::nothrow_awaitable);
        if (wait_ec) {
          ec = wait_ec;
          break;
        }
      }
      readable = c.read_when_ready(ec, done);
    }
    co_return c.end_exchange(done, ec);
  }

  // TLS: reads go through the stream's own decryption, into a buffer of the
  // connection's own.
  asio::awaitable<Failure> exchange_tls() {
    error_code ec = begin_exchange();
    if (!ec && unsent_ > 0) {
      auto [write_ec, n] = co_await asio::async_write(transport_.stream(), asio::buffer(plan_.request), http::nothrow_awaitable);
      lane_.stats.bytes_written += n;
      ec = write_ec;
    }
    bool done = false;
    while (!done && !ec) {
      auto [read_ec, n] = co_await transport_.stream().async_read_some(buffer_.prepare(read_size_), http::nothrow_awaitable);
      if (read_ec) {
        ec = read_ec;
        done = end_of_stream(*parser_, ec);
        break;
      }
      buffer_.commit(n);
      lane_.stats.bytes_read += n;
      response_started_ = true;
      done = feed_buffer(ec);
    }
    // Size the next reads after this response: small pages keep a small
    // buffer, large files get fewer system calls.
    if (done) read_size_ = std::clamp<std::size_t>(parser_->body_bytes(), 8 * 1024, 64 * 1024);
    co_return end_exchange(done, ec);
  }

  // Arms the request timeout, resets the parser and, on plain TCP, tries a
  // non-blocking write: a request almost always fits in the socket buffer,
  // and then no asynchronous write is needed. unsent_ is what is left.
  error_code begin_exchange() {
    watchdog_.arm(*this, plan_.timeouts.request, Phase::exchange);
    next_response();
    interim_ = 0;
    carry_.clear();
    unsent_ = plan_.request.size();
    error_code ec;
    if constexpr (reads_when_ready) {
      const std::size_t sent = transport_.socket().write_some(asio::buffer(plan_.request), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) ec = {};
      if (!ec) {
        unsent_ -= sent;
        lane_.stats.bytes_written += sent;
      }
    }
    return ec;
  }

  // Reads what a readable socket holds into the lane's buffer and parses it.
  // Returns whether more is probably waiting (the buffer came back full).
  bool read_when_ready(error_code& ec, bool& done) {
    auto& scratch = lane_.scratch;
    const std::size_t n = transport_.socket().read_some(asio::buffer(scratch), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      ec = {};
      return false;
    }
    if (ec) {
      done = end_of_stream(*parser_, ec);
      return false;
    }
    lane_.stats.bytes_read += n;
    response_started_ = true;
    done = feed(std::string_view(scratch.data(), n), ec);
    return n == scratch.size();
  }

  Failure end_exchange(bool done, error_code ec) {
    if (!done) return watchdog_.disarm(ec ? ec : make_error_code(boost::beast::http::error::partial_message));
    watchdog_.disarm({});
    if (!reused_) transport_.after_first_response();
    if (!reusable(parser_->keep_alive(), !carry_.empty() || buffer_.size() > 0)) {
      carry_.clear();
      buffer_.clear();
      transport_.close();
    }
    return http::classify_status(parser_->status());
  }

  void next_response() {
    parser_.emplace();
    parser_->eager(true);
    if (plan_.expect_no_body) parser_->skip(true);
  }

  // The parser finished a message: the answer, or an interim one (103
  // Early Hints, 100 Continue) after which the answer follows. False when
  // it was the answer, or when interim ones never end (ec set).
  bool past_interim(error_code& ec) {
    if (!http::skip_interim(parser_->status(), interim_, ec)) return false;
    next_response();
    return true;
  }

  // Gives `input` to the parser until it needs more or is done with the
  // answer; returns what it has not used.
  std::string_view parse(std::string_view input, error_code& ec) {
    while (!input.empty()) {
      const std::size_t used = parser_->put(asio::buffer(input.data(), input.size()), ec);
      input.remove_prefix(used);
      if (ec == boost::beast::http::error::need_more) {
        ec = {};
        break;
      }
      if (ec) break;
      if (parser_->is_done()) {
        if (past_interim(ec)) continue;
        break;
      }
      if (used == 0) break;
    }
    return input;
  }

  // Feeds bytes just read to the parser. Bytes it cannot use yet (a header
  // split across reads) are kept in carry_, the only per-connection buffer
  // of the plain path, and only while that response is incomplete.
  bool feed(std::string_view input, error_code& ec) {
    if (carry_.empty()) {
      const auto rest = parse(input, ec);
      carry_.assign(rest);
    } else {
      carry_.append(input);
      const auto rest = parse(carry_, ec);
      carry_.erase(0, carry_.size() - rest.size());
    }
    http::limit_unparsed(carry_.size(), ec);
    return !ec && parser_->is_done();
  }

  bool feed_buffer(error_code& ec) {
    const std::string_view input(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    const auto rest = parse(input, ec);
    buffer_.consume(input.size() - rest.size());
    http::limit_unparsed(buffer_.size(), ec);
    return !ec && parser_->is_done();
  }

  asio::awaitable<Failure> open() {
    ++lane_.stats.connects;
    buffer_.clear();
    carry_.clear();
    const Failure failure = co_await watchdog_.open(*this, endpoint_, lane_.sources.next(), plan_.timeouts.connect,
                                                    plan_.timeouts.handshake, plan_.tunnel.empty() ? nullptr : &plan_.tunnel);
    if constexpr (reads_when_ready) {
      error_code ignored;
      if (failure == Failure::none) transport_.socket().non_blocking(true, ignored);
    }
    co_return failure;
  }

  void note_send_lag(TimePoint due) {
    auto& stats = lane_.stats;
    ++stats.sent_on_schedule;
    const auto lag = Clock::now() - due;
    stats.send_lag.record(to_micros(lag));
    if (lag > std::chrono::milliseconds(1)) ++stats.late_sends;
  }

  // Latency runs from `due`, so time spent waiting for a free connection
  // (open model) or for the connection itself is counted.
  void record(TimePoint due, Failure failure) {
    auto& stats = lane_.stats;
    if (watchdog_.take_abandoned()) {
      ++stats.unfinished;
      transport_.close();
      return;
    }
    if (http::is_answer(failure)) {
      ++stats.responses;
      stats.latency.record(to_micros(Clock::now() - due));
    }
    if (failure == Failure::none) return;
    stats.count(failure);
    if (!http::is_answer(failure)) transport_.close();
  }

  // A connection that cannot connect must not spin: a refused port answers
  // in microseconds and would turn the test into a loop of errors. The open
  // model needs no pause: its schedule paces it.
  bool must_back_off(Failure failure) const {
    if (lane_.schedule) return false;
    switch (failure) {
      case Failure::refused:
      case Failure::unreachable:
      case Failure::no_descriptors:
      case Failure::no_local_ports:
      case Failure::proxy:
      case Failure::timeout_connect: return Clock::now() + std::chrono::milliseconds(10) < lane_.end;
      default: return false;
    }
  }

  void finish() {
    transport_.close();
    watchdog_.retire();
    pacer_.cancel();
  }

  Lane& lane_;
  const BenchPlan& plan_;
  boost::asio::ip::tcp::endpoint endpoint_;
  Transport transport_;
  std::optional<http::ResponseMeter> parser_;
  std::string carry_;                  // plain TCP: bytes of an incomplete header
  boost::beast::flat_buffer buffer_;   // TLS: decrypted bytes
  std::size_t read_size_ = 8 * 1024;
  std::size_t unsent_ = 0;             // request bytes the non-blocking write left
  unsigned interim_ = 0;               // 1xx answers before this request's
  asio::steady_timer pacer_;
  Watchdog<Transport> watchdog_;
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
