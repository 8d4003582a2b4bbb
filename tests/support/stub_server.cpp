#include "support/stub_server.hpp"

#include <thread>
#include <functional>
#include <optional>
#include <set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include "common/instant.hpp"

namespace rollcall::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

struct StubServer::State {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::set<std::shared_ptr<tcp::socket>> connections;
  // The waits of the connections: kill() cuts them short, so that a server
  // told to stall for 30 s ends with its test, not 30 s after it.
  std::set<asio::steady_timer*> timers;
  Clock::time_point stall_until{};
  std::chrono::milliseconds delay{0};
  std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";
  std::vector<StubServer::Piece> pieces;  // when set, instead of `response`
  std::string greeting;
  std::optional<std::chrono::seconds> clock_offset;  // set: answers carry a Date this far off
  std::atomic<std::uint64_t>* requests = nullptr;
  std::function<void(std::string)> on_head;
};

namespace {

// False once the client has gone (or a piece asked to close).
asio::awaitable<bool> write_pieces(std::vector<StubServer::Piece> pieces, tcp::socket& socket, asio::steady_timer& timer) {
  for (const auto& piece : pieces) {
    do {
      for (std::size_t i = 0; i < piece.repeat; ++i) {
        auto [ec, written] = co_await asio::async_write(socket, asio::buffer(piece.bytes), nothrow);
        if (ec) co_return false;
      }
      if (piece.then.count() > 0) {
        timer.expires_after(piece.then);
        co_await timer.async_wait(nothrow);
      }
    } while (piece.forever && socket.is_open());
    if (piece.end == StubServer::End::reset) {
      // Linger 0: close() sends a reset instead of a FIN.
      boost::system::error_code ignored;
      socket.set_option(asio::socket_base::linger(true, 0), ignored);
      co_return false;
    }
    if (piece.end == StubServer::End::close) co_return false;
    if (piece.bytes.find("Connection: close") != std::string::npos) co_return false;
  }
  co_return true;
}

// Registers a connection's timer for kill() while the connection lives.
struct TimerEntry {
  std::set<asio::steady_timer*>& timers;
  asio::steady_timer* timer;
  TimerEntry(std::set<asio::steady_timer*>& t, asio::steady_timer* x) : timers(t), timer(x) { timers.insert(timer); }
  ~TimerEntry() { timers.erase(timer); }
  TimerEntry(const TimerEntry&) = delete;
  TimerEntry& operator=(const TimerEntry&) = delete;
};

asio::awaitable<void> serve(std::shared_ptr<StubServer::State> state, std::shared_ptr<tcp::socket> socket) {
  std::string buffer;
  asio::steady_timer timer(state->io);
  const TimerEntry entry(state->timers, &timer);
  if (!state->greeting.empty()) {
    auto [ec, written] = co_await asio::async_write(*socket, asio::buffer(state->greeting), nothrow);
    (void)written;
    if (ec) state->connections.erase(socket);
    if (ec) co_return;
  }
  for (;;) {
    auto [ec, n] = co_await asio::async_read_until(*socket, asio::dynamic_buffer(buffer), "\r\n\r\n", nothrow);
    if (ec) break;
    state->on_head(buffer.substr(0, n));
    buffer.erase(0, n);
    ++*state->requests;
    auto ready = Clock::now() + state->delay;
    if (state->stall_until > ready) ready = state->stall_until;
    if (ready > Clock::now()) {
      timer.expires_at(ready);
      co_await timer.async_wait(nothrow);
    }
    if (!state->pieces.empty()) {
      if (!co_await write_pieces(state->pieces, *socket, timer)) break;
      continue;
    }
    std::string response = state->response;
    if (state->clock_offset) {
      const auto now = std::chrono::system_clock::now() + *state->clock_offset;
      const auto line_end = response.find("\r\n");
      if (line_end != std::string::npos)
        response.insert(line_end + 2,
                        "Date: " + format_http_date(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()) +
                            "\r\n");
    }
    auto [wec, written] = co_await asio::async_write(*socket, asio::buffer(response), nothrow);
    if (wec || response.find("Connection: close") != std::string::npos) break;
  }
  boost::system::error_code ignored;
  socket->close(ignored);
  state->connections.erase(socket);
}

asio::awaitable<void> accept_loop(std::shared_ptr<StubServer::State> state) {
  for (;;) {
    auto socket = std::make_shared<tcp::socket>(state->io);
    auto [ec] = co_await state->acceptor.async_accept(*socket, nothrow);
    if (ec) break;
    state->connections.insert(socket);
    asio::co_spawn(state->io, serve(state, socket), asio::detached);
  }
}

}  // namespace

StubServer::StubServer() : state_(std::make_shared<State>()) {
  state_->requests = &requests_;
  state_->on_head = [this](std::string head) {
    std::lock_guard lock(head_mutex_);
    if (first_get_at_ == 0 && head.rfind("GET ", 0) == 0) first_get_at_ = epoch_now();
    // The request line alone, for tests that read what was asked of the
    // server (bounded: a runaway test must not eat the machine's memory).
    if (request_lines_.size() < 1'000'000) request_lines_.push_back(head.substr(0, head.find("\r\n")));
    last_head_ = std::move(head);
  };
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  state_->acceptor.open(endpoint.protocol());
  state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  state_->acceptor.bind(endpoint);
  state_->acceptor.listen(1024);
  port_ = state_->acceptor.local_endpoint().port();
  asio::co_spawn(state_->io, accept_loop(state_), asio::detached);
  thread_ = std::thread([state = state_] { state->io.run(); });
}

// No io.stop(): once the listener and every connection are closed, each
// coroutine ends by itself and run() returns; stopping early would leave
// their frames, which hold the state, alive for ever.
StubServer::~StubServer() {
  kill();
  thread_.join();
}

std::string StubServer::url(const std::string& path) const { return fmt::format("http://127.0.0.1:{}{}", port_, path); }

void StubServer::stall_for(std::chrono::milliseconds d) {
  asio::post(state_->io, [state = state_.get(), d] { state->stall_until = Clock::now() + d; });
}

void StubServer::set_delay(std::chrono::milliseconds d) {
  asio::post(state_->io, [state = state_.get(), d] { state->delay = d; });
}

void StubServer::set_response(std::string raw) {
  asio::post(state_->io, [state = state_.get(), raw = std::move(raw)] { state->response = raw; });
}

void StubServer::set_clock_offset(std::chrono::seconds offset) {
  asio::post(state_->io, [state = state_.get(), offset] { state->clock_offset = offset; });
}

double StubServer::first_get_at() const {
  std::lock_guard lock(head_mutex_);
  return first_get_at_;
}

std::vector<std::string> StubServer::request_lines() const {
  std::lock_guard lock(head_mutex_);
  return request_lines_;
}

std::string StubServer::last_head() const {
  std::lock_guard lock(head_mutex_);
  return last_head_;
}

void StubServer::set_greeting(std::string raw) {
  asio::post(state_->io, [state = state_.get(), raw = std::move(raw)] { state->greeting = raw; });
}

void StubServer::set_pieces(std::vector<Piece> pieces) {
  asio::post(state_->io, [state = state_.get(), pieces = std::move(pieces)] { state->pieces = pieces; });
}

// Posted work holds a plain pointer: the state outlives the thread, and a
// handler left queued after run() returned must not keep it alive.
void StubServer::kill() {
  asio::post(state_->io, [state = state_.get()] {
    boost::system::error_code ignored;
    state->acceptor.close(ignored);
    for (auto& socket : state->connections) socket->close(ignored);
    for (auto* timer : state->timers) timer->cancel();
  });
}

void StubServer::wait_for_requests(std::uint64_t n, std::chrono::milliseconds limit) const {
  const auto start = std::chrono::steady_clock::now();
  while (requests() < n && std::chrono::steady_clock::now() - start < limit)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

}  // namespace rollcall::test
