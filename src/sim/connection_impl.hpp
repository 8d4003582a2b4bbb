#pragma once
// The connection loop, for either transport. Included by connection_plain.cpp
// and connection_tls.cpp only: one Beast instantiation per stream type.
//
// Coroutines here take their state as parameters and keep temporaries with
// destructors out of co_await expressions (GCC 12 miscompiles both).
#include <array>
#include <chrono>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "sim/compression.hpp"
#include "sim/server_state.hpp"

namespace rollcall::sim::conn {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using error_code = boost::system::error_code;

// Uploads are bounded: a homework PDF, not a video.
inline constexpr std::uint64_t max_request_body = 8 * 1024 * 1024;

inline constexpr std::string_view continue_bytes = "HTTP/1.1 100 Continue\r\n\r\n";

inline auto use_ec(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

inline void note_backlog(ServerState& state) {
  state.counters.busy.store(state.pool.busy(), std::memory_order_relaxed);
  state.counters.waiting.store(state.pool.waiting(), std::memory_order_relaxed);
}

// An RST instead of a FIN: what a crashed process or a middlebox sends.
template <class Stream>
void reset(Stream& stream) {
  auto& socket = beast::get_lowest_layer(stream);
  error_code ec;
  socket.set_option(asio::socket_base::linger(true, 0), ec);
  socket.close(ec);
}

// TLS connections end without close_notify, as many servers do.
template <class Stream>
void close_gracefully(Stream& stream) {
  auto& socket = beast::get_lowest_layer(stream);
  error_code ec;
  socket.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  socket.close(ec);
}

// Writes the response, altered by a slow-body or reset-mid-body fault.
// Returns whether the connection can carry another request.
template <class Stream>
asio::awaitable<bool> write_response(Stream& stream, asio::steady_timer& timer, const Response& response,
                                     bool keep_alive, bool head_only, const Fault* fault) {
  error_code ec;
  std::string head = serialize_head(response, keep_alive);
  std::string_view body = head_only ? std::string_view{} : response.body_view();
  FaultKind kind = fault ? fault->kind : FaultKind::stall;

  if (kind == FaultKind::reset_mid_body) {
    std::array<asio::const_buffer, 2> parts{asio::buffer(head), asio::buffer(body.data(), body.size() / 2)};
    co_await asio::async_write(stream, parts, use_ec(ec));
    reset(stream);
    co_return false;
  }
  if (kind == FaultKind::slow_body) {
    co_await asio::async_write(stream, asio::buffer(head), use_ec(ec));
    for (std::size_t i = 0; i < body.size() && !ec; ++i) {
      timer.expires_after(fault->delay);
      co_await timer.async_wait(use_ec(ec));
      if (!ec) co_await asio::async_write(stream, asio::buffer(body.data() + i, 1), use_ec(ec));
    }
    co_return !ec;
  }
  std::array<asio::const_buffer, 2> parts{asio::buffer(head), asio::buffer(body.data(), body.size())};
  co_await asio::async_write(stream, parts, use_ec(ec));
  co_return !ec;
}

// A fault that replaces the answer; returns whether the connection lives on.
template <class Stream>
asio::awaitable<bool> answer_with_fault(Stream& stream, asio::steady_timer& timer, ServerState& state,
                                        const Fault& fault, bool keep_alive) {
  error_code ec;
  switch (fault.kind) {
    case FaultKind::close: close_gracefully(stream); co_return false;
    case FaultKind::reset: reset(stream); co_return false;
    case FaultKind::malformed_status:
    case FaultKind::malformed_headers: {
      std::string bytes =
          fault.kind == FaultKind::malformed_status ? malformed_status_bytes() : malformed_headers_bytes();
      co_await asio::async_write(stream, asio::buffer(bytes), use_ec(ec));
      close_gracefully(stream);
      co_return false;
    }
    default: {  // FaultKind::status
      Response response = state.ent.error_status(fault.status);
      bool alive = co_await write_response(stream, timer, response, keep_alive, false, nullptr);
      co_return alive && keep_alive;
    }
  }
}

template <class Stream>
asio::awaitable<void> serve(ServerState& state, Stream& stream) {
  using Clock = std::chrono::steady_clock;
  beast::flat_buffer buffer;
  asio::steady_timer timer(stream.get_executor());
  error_code ec;

  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(max_request_body);
    co_await http::async_read_header(stream, buffer, parser, use_ec(ec));
    if (!ec && !parser.is_done()) {
      // curl and others wait (a second, for curl) before sending a large
      // body unless told to go on, as any web server does.
      if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
        co_await asio::async_write(stream, asio::buffer(continue_bytes), use_ec(ec));
      }
      if (!ec) co_await http::async_read(stream, buffer, parser, use_ec(ec));
    }
    if (ec) {
      // A request the parser rejects gets a 400 (413 when too large);
      // a client that leaves just closes.
      if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
          ec != http::error::end_of_stream && ec != http::error::partial_message) {
        Response response = state.ent.error_status(ec == http::error::body_limit ? 413 : 400);
        co_await write_response(stream, timer, response, false, false, nullptr);
      }
      close_gracefully(stream);
      co_return;
    }
    // A refuse window also kills established connections, as a crashed
    // node does, at their next request.
    if (state.refusing > 0) {
      reset(stream);
      co_return;
    }
    state.counters.requests.fetch_add(1, std::memory_order_relaxed);

    const auto& message = parser.get();
    Request request{message.method_string(), message.target(), message[http::field::host],
                    message[http::field::cookie], message[http::field::content_type], message.body()};
    const auto accept = message[http::field::accept_encoding];
    const std::string_view accept_encoding(accept.data(), accept.size());
    const bool keep_alive = message.keep_alive();
    const bool head_only = message.method() == http::verb::head;
    const Endpoint endpoint = route(request.method, request.target);

    auto now = Clock::now();
    const Fault* fault = state.config.faults.empty() ? nullptr
                                                     : pick_fault(state.config.faults, now - state.started,
                                                                  state.fault_rng);
    if (fault) {
      state.counters.faults.fetch_add(1, std::memory_order_relaxed);
      if (fault->kind == FaultKind::stall) {
        timer.expires_after(fault->delay);
        co_await timer.async_wait(use_ec(ec));
      } else if (fault->kind != FaultKind::slow_body && fault->kind != FaultKind::reset_mid_body) {
        if (!co_await answer_with_fault(stream, timer, state, *fault, keep_alive)) co_return;
        continue;
      }
    }

    // Admission: a zero service time needs no worker (and no timer).
    const Duration service = state.config.service(endpoint);
    if (service > Duration::zero()) {
      WorkerPool::Waiter waiter{&timer};
      auto verdict = state.pool.arrive(waiter);
      note_backlog(state);
      if (verdict == WorkerPool::Verdict::reject) {
        state.counters.turned_away.fetch_add(1, std::memory_order_relaxed);
        Response response = state.config.waiting_room ? state.ent.waiting_room() : state.ent.quota();
        if (state.config.compress) compress(response, accept_encoding);
        if (!co_await write_response(stream, timer, response, keep_alive, head_only, fault) || !keep_alive) {
          close_gracefully(stream);
          co_return;
        }
        continue;
      }
      if (verdict == WorkerPool::Verdict::wait) {
        timer.expires_at(Clock::time_point::max());
        co_await timer.async_wait(use_ec(ec));  // cancelled when a worker is ours
        if (!waiter.granted) co_return;
      }
      // The drift is read when the worker starts, not on arrival: a request
      // that waited is served at the target's speed of that moment.
      timer.expires_after(state.service_now(service));
      co_await timer.async_wait(use_ec(ec));
      state.pool.release();
      note_backlog(state);
      now = Clock::now();
    }

    Response response = state.ent.handle(request, endpoint, now);
    if (state.config.compress) compress(response, accept_encoding);
    if (!co_await write_response(stream, timer, response, keep_alive, head_only, fault) || !keep_alive ||
        response.close) {
      close_gracefully(stream);
      co_return;
    }
  }
}

}  // namespace rollcall::sim::conn
