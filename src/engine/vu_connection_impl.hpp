#pragma once
// The VuConnection for one transport; instantiated in vu_plain.cpp and
// vu_tls.cpp so that the two compile in parallel.
#include <algorithm>
#include <array>
#include <optional>
#include <tuple>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "engine/exchange_rules.hpp"
#include "engine/scenario_lane.hpp"
#include "engine/vu_connection.hpp"
#include "engine/watchdog.hpp"
#include "http/response_limits.hpp"
#include "http/transport.hpp"

namespace rollcall::engine {

namespace asio = boost::asio;
using boost::system::error_code;
using http::Failure;
using http::Phase;

template <class Transport>
class VuConnectionImpl final : public VuConnection, public std::enable_shared_from_this<VuConnectionImpl<Transport>> {
 public:
  VuConnectionImpl(ScenarioLane& lane, asio::ip::tcp::endpoint endpoint, http::TlsSessionCache* session,
                   std::shared_ptr<const std::string> tunnel = nullptr)
      : lane_(lane),
        endpoint_(endpoint),
        tunnel_(std::move(tunnel)),
        transport_(lane.io.get_executor(), session),
        watchdog_(lane.io, transport_, lane.hard_stop, lane.stoppables) {}

  asio::awaitable<ExchangeResult> exchange(const std::string& head, const std::string& body, http::ResponseData& response,
                                           const ExchangeOptions& options) override {
    const std::array<asio::const_buffer, 2> request{asio::buffer(head), asio::buffer(body)};
    ExchangeResult result;
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool reused = transport_.is_open();
      bool started = false;
      if (!reused) {
        result.failure = co_await open(options);
        if (result.failure == Failure::proxy) result.proxy_status = watchdog_.proxy_status();
        if (result.failure != Failure::none) break;
      }
      result.failure = co_await send_and_read(request, response, options, started, result.bytes_read);
      if (!resend_on_new_connection(result.failure, reused, started, watchdog_.abandoned(), lane_.hard_stop)) break;
      result.resent = true;
      transport_.close();
    }
    result.abandoned = watchdog_.take_abandoned();
    if (!http::is_answer(result.failure))
      transport_.close();
    else if (options.keep_body)
      decode_body(response, options, result);
    co_return result;
  }

  void retire() noexcept override {
    transport_.close();
    watchdog_.retire();
    buffer_ = {};
  }

 private:
  asio::awaitable<Failure> open(const ExchangeOptions& options) {
    ++lane_.stats.connects;
    buffer_.clear();
    lane_.read_buffers.give_back(buffer_);
    const Failure failure = co_await watchdog_.open(*this, endpoint_, lane_.sources.next(), options.connect_timeout,
                                                    options.connect_timeout, tunnel_.get());
    lane_.awake();
    co_return failure;
  }

  // What checks read is the body a browser shows: decoded. The framing
  // was sound, so the connection stays usable whatever the body holds.
  void decode_body(http::ResponseData& response, const ExchangeOptions& options, ExchangeResult& result) {
    if (!lane_.content_decoder.decode(response, options.body_cap)) {
      result.failure = Failure::undecodable;
      return;
    }
    result.decoded_bytes = response.body.size();
  }

  // `bytes_read` grows by what this exchange reads from the socket.
  asio::awaitable<Failure> send_and_read(const std::array<asio::const_buffer, 2>& request, http::ResponseData& response,
                                         const ExchangeOptions& options, bool& started, std::uint64_t& bytes_read) {
    watchdog_.arm(*this, options.timeout, Phase::exchange);
    // Written without waiting when the socket takes it all, which it almost
    // always does; what is left, asynchronously. Inline rather than an
    // awaited helper: each awaited coroutine is one more frame per request.
    error_code write_ec;
    const std::size_t sent = transport_.write_now(request, write_ec);
    if (!write_ec && sent < request[0].size() + request[1].size()) {
      boost::beast::buffers_suffix rest(request);
      rest.consume(sent);
      auto [rest_ec, written] = co_await asio::async_write(transport_.stream(), rest, http::nothrow_awaitable);
      write_ec = rest_ec;
    }
    if (write_ec) co_return watchdog_.disarm(write_ec);

    // The read buffer is borrowed for this response only.
    if (buffer_.capacity() == 0) buffer_ = lane_.read_buffers.take();
    std::optional<http::ResponseReader> parser;
    auto next_response = [&] {
      parser.emplace(response, options.keep_body, options.body_cap);
      if (options.expect_no_body) parser->skip(true);
    };
    next_response();
    unsigned interim = 0;
    error_code ec;
    unsigned reads_now = 0;  // in a row, without waiting: see below
    bool more_waiting = false;
    for (;;) {
      if (buffer_.size() > 0) {
        const std::size_t used = parser->put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec == boost::beast::http::error::need_more) ec = {};
        if (ec) break;
        if (parser->is_done()) {
          // 103 Early Hints, 100 Continue: the answer to this request is
          // the one that follows.
          if (!http::skip_interim(response.status, interim, ec)) break;
          next_response();
          continue;
        }
        if (used > 0 && buffer_.size() > 0) continue;
        http::limit_unparsed(buffer_.size(), ec);
        if (ec) break;
      }
      // A read that filled its buffer probably left more behind: take it
      // now rather than through the event loop. A few in a row at most, so
      // that a fast server streaming a large body does not keep the lane
      // from its other users and timers.
      const auto space = buffer_.prepare(read_size(*parser));
      error_code read_ec;
      std::size_t n = 0;
      if (!(more_waiting && reads_now < max_reads_now && transport_.read_now(space, n, read_ec))) {
        reads_now = 0;
        std::tie(read_ec, n) = co_await transport_.stream().async_read_some(space, http::nothrow_awaitable);
        lane_.awake();
      } else {
        ++reads_now;
      }
      more_waiting = n == space.size();
      if (read_ec) {
        ec = read_ec;
        end_of_stream(*parser, ec);
        break;
      }
      buffer_.commit(n);
      started = true;
      lane_.stats.bytes_read += n;
      bytes_read += n;
    }
    if (!ec && !parser->is_done()) ec = boost::beast::http::error::partial_message;
    const bool unsolicited = !ec && buffer_.size() > 0;
    if (unsolicited || ec) buffer_.clear();
    lane_.read_buffers.give_back(buffer_);
    if (ec) co_return watchdog_.disarm(ec);
    watchdog_.disarm({});
    transport_.after_first_response();
    if (!reusable(parser->keep_alive(), unsolicited)) transport_.close();
    co_return http::classify_status(response.status);
  }

  // Small pages are read in small pieces, large documents in large ones.
  static std::size_t read_size(const http::ResponseReader& parser) {
    if (!parser.is_header_done()) return 16 * 1024;
    const auto length = parser.content_length_remaining();
    if (!length) return 16 * 1024;
    return std::clamp<std::size_t>(static_cast<std::size_t>(*length), 4 * 1024, 64 * 1024);
  }

  static constexpr unsigned max_reads_now = 16;

  ScenarioLane& lane_;
  asio::ip::tcp::endpoint endpoint_;  // the proxy's, when the host is reached through one
  std::shared_ptr<const std::string> tunnel_;  // through a proxy, TLS: the CONNECT request
  Transport transport_;
  boost::beast::flat_buffer buffer_;
  Watchdog<Transport> watchdog_;
};

}  // namespace rollcall::engine
