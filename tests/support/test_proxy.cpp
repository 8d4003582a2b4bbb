#include "support/test_proxy.hpp"

#include <array>
#include <charconv>
#include <mutex>
#include <functional>
#include <map>
#include <set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

namespace rollcall::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto tunnel_nothrow = asio::as_tuple(asio::use_awaitable);

struct TestProxy::State {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::set<std::shared_ptr<tcp::socket>> sockets;
  Mode mode = Mode::relay;
  std::string authorization;  // required when not empty
  std::atomic<std::uint64_t> tunnels{0};
  std::atomic<std::uint64_t> forwarded{0};
  std::atomic<std::uint64_t> origin_form{0};
  std::atomic<std::uint64_t> refused{0};
  std::mutex head_mutex;
  std::string last_head;

  std::map<std::string, Mode> host_modes;

  // The mode for a request target ("host:port" or "http://host:port/..."):
  // its host's own, else the proxy's.
  Mode mode_for(std::string_view target) const {
    if (target.rfind("http://", 0) == 0) target.remove_prefix(7);
    target = target.substr(0, target.find_first_of(":/"));
    const auto it = host_modes.find(std::string(target));
    return it == host_modes.end() ? mode : it->second;
  }

  std::shared_ptr<tcp::socket> make_socket() {
    auto s = std::make_shared<tcp::socket>(io);
    sockets.insert(s);
    return s;
  }
  void drop(const std::shared_ptr<tcp::socket>& s) {
    boost::system::error_code ignored;
    s->close(ignored);
    sockets.erase(s);
  }
};

namespace {

std::string header_value(const std::string& head, std::string_view name) {
  std::size_t at = head.find("\r\n");
  while (at != std::string::npos && at + 2 < head.size()) {
    const std::size_t end = head.find("\r\n", at + 2);
    const std::string line = head.substr(at + 2, end - at - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos && colon == name.size() &&
        std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      return value;
    }
    at = end;
  }
  return {};
}

// "host:port" of "CONNECT host:port HTTP/1.1" or of "GET http://host:port/x HTTP/1.1".
bool split_authority(std::string_view authority, std::string& host, std::string& port, const char* default_port) {
  if (authority.empty()) return false;
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos || authority.back() == ']') {
    host = authority;
    port = default_port;
  } else {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return true;
}

asio::awaitable<std::shared_ptr<tcp::socket>> dial(std::shared_ptr<TestProxy::State> state, std::string host, std::string port) {
  tcp::resolver resolver(state->io);
  auto [rec, results] = co_await resolver.async_resolve(host, port, tunnel_nothrow);
  if (rec) co_return nullptr;
  auto upstream = state->make_socket();
  auto [cec, endpoint] = co_await asio::async_connect(*upstream, results, tunnel_nothrow);
  (void)endpoint;
  if (cec) {
    state->drop(upstream);
    co_return nullptr;
  }
  co_return upstream;
}

// Copies bytes one way until either side goes, then closes both.
asio::awaitable<void> pipe(std::shared_ptr<TestProxy::State> state, std::shared_ptr<tcp::socket> from,
                           std::shared_ptr<tcp::socket> to) {
  std::array<char, 16 * 1024> buffer;
  for (;;) {
    auto [rec, n] = co_await from->async_read_some(asio::buffer(buffer), tunnel_nothrow);
    if (rec) break;
    auto [wec, written] = co_await asio::async_write(*to, asio::buffer(buffer.data(), n), tunnel_nothrow);
    (void)written;
    if (wec) break;
  }
  state->drop(from);
  state->drop(to);
}

asio::awaitable<bool> answer(std::shared_ptr<tcp::socket> socket, std::string text) {
  auto [ec, n] = co_await asio::async_write(*socket, asio::buffer(text), tunnel_nothrow);
  (void)n;
  co_return !ec;
}

// The hostile answers; false when the connection is to end.
asio::awaitable<bool> misbehave(std::shared_ptr<TestProxy::State> /*kept alive while it misbehaves*/, std::shared_ptr<tcp::socket> client,
                                TestProxy::Mode mode) {
  if (mode == TestProxy::Mode::stall) {
    // Until the client gives up (or the proxy is torn down).
    std::array<char, 512> ignored;
    for (;;) {
      auto [ec, n] = co_await client->async_read_some(asio::buffer(ignored), tunnel_nothrow);
      (void)n;
      if (ec) co_return false;
    }
  }
  if (mode == TestProxy::Mode::endless_header) {
    std::string start = "HTTP/1.1 200 OK\r\n";
    if (!co_await answer(client, std::move(start))) co_return false;
    for (;;) {
      std::string line = "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
      if (!co_await answer(client, std::move(line))) co_return false;
    }
  }
  co_return true;
}

asio::awaitable<void> serve(std::shared_ptr<TestProxy::State> state, std::shared_ptr<tcp::socket> client) {
  std::string buffer;
  std::shared_ptr<tcp::socket> upstream;
  std::string upstream_authority;
  for (;;) {
    auto [ec, n] = co_await asio::async_read_until(*client, asio::dynamic_buffer(buffer), "\r\n\r\n", tunnel_nothrow);
    if (ec) break;
    std::string head = buffer.substr(0, n);
    buffer.erase(0, n);
    {
      std::lock_guard lock(state->head_mutex);
      state->last_head = head;
    }
    const auto first_space = head.find(' ');
    const auto second_space = head.find(' ', first_space + 1);
    const std::string method = head.substr(0, first_space);
    const std::string target = head.substr(first_space + 1, second_space - first_space - 1);
    const TestProxy::Mode mode = state->mode_for(target);
    if (!co_await misbehave(state, client, mode)) break;
    const bool authorized = state->authorization.empty() || header_value(head, "Proxy-Authorization") == state->authorization;
    if (mode == TestProxy::Mode::refuse || !authorized) {
      ++state->refused;
      std::string refusal =
          "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
          "Content-Length: 0\r\n\r\n";
      if (!co_await answer(client, std::move(refusal))) break;
      continue;
    }
    std::string host, port;
    if (method == "CONNECT") {
      if (!split_authority(target, host, port, "443")) break;
      auto tunnel = co_await dial(state, host, port);
      if (!tunnel) {
        std::string failed = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
        co_await answer(client, std::move(failed));
        break;
      }
      ++state->tunnels;
      std::string established = "HTTP/1.1 200 Connection established\r\n\r\n";
      if (!co_await answer(client, std::move(established))) break;
      asio::co_spawn(state->io, pipe(state, tunnel, client), asio::detached);
      asio::co_spawn(state->io, pipe(state, client, tunnel), asio::detached);
      co_return;
    }
    if (target.rfind("http://", 0) != 0) {
      ++state->origin_form;
      std::string wrong = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      co_await answer(client, std::move(wrong));
      break;
    }
    const auto path_at = target.find('/', 7);
    const std::string authority = target.substr(7, path_at == std::string::npos ? std::string::npos : path_at - 7);
    const std::string path = path_at == std::string::npos ? "/" : target.substr(path_at);
    if (!upstream || authority != upstream_authority) {
      if (upstream) state->drop(upstream);
      if (!split_authority(authority, host, port, "80")) break;
      upstream = co_await dial(state, host, port);
      if (!upstream) break;
      upstream_authority = authority;
      asio::co_spawn(state->io, pipe(state, upstream, client), asio::detached);
    }
    ++state->forwarded;
    // The request in origin form, with its body (Content-Length: rollcall never chunks).
    std::string forward = method + " " + path + head.substr(second_space);
    std::size_t length = 0;
    const std::string length_text = header_value(head, "Content-Length");
    std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (buffer.size() < length) {
      auto [bec, got] = co_await asio::async_read(*client, asio::dynamic_buffer(buffer), asio::transfer_exactly(length - buffer.size()), tunnel_nothrow);
      (void)got;
      if (bec) break;
    }
    forward += buffer.substr(0, length);
    buffer.erase(0, length);
    auto [wec, written] = co_await asio::async_write(*upstream, asio::buffer(forward), tunnel_nothrow);
    (void)written;
    if (wec) break;
  }
  state->drop(client);
  if (upstream) state->drop(upstream);
}

asio::awaitable<void> accept_loop(std::shared_ptr<TestProxy::State> state) {
  for (;;) {
    auto socket = std::make_shared<tcp::socket>(state->io);
    auto [ec] = co_await state->acceptor.async_accept(*socket, tunnel_nothrow);
    if (ec) break;
    state->sockets.insert(socket);
    asio::co_spawn(state->io, serve(state, socket), asio::detached);
  }
}

}  // namespace

TestProxy::TestProxy() : state_(std::make_shared<State>()) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  state_->acceptor.open(endpoint.protocol());
  state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  state_->acceptor.bind(endpoint);
  state_->acceptor.listen(1024);
  port_ = state_->acceptor.local_endpoint().port();
  asio::co_spawn(state_->io, accept_loop(state_), asio::detached);
  thread_ = std::thread([state = state_] { state->io.run(); });
}

// No io.stop(): with the listener and every socket closed, each coroutine
// ends by itself and run() returns.
TestProxy::~TestProxy() {
  asio::post(state_->io, [state = state_.get()] {
    boost::system::error_code ignored;
    state->acceptor.close(ignored);
    for (auto& socket : state->sockets) socket->close(ignored);
  });
  thread_.join();
}

std::string TestProxy::url() const { return fmt::format("http://127.0.0.1:{}", port_); }

void TestProxy::set_mode(Mode mode) {
  asio::post(state_->io, [state = state_.get(), mode] { state->mode = mode; });
}

void TestProxy::set_mode_for(std::string host, Mode mode) {
  asio::post(state_->io, [state = state_.get(), host = std::move(host), mode] { state->host_modes[host] = mode; });
}

void TestProxy::require_authorization(std::string value) {
  asio::post(state_->io, [state = state_.get(), value = std::move(value)] { state->authorization = value; });
}

std::string TestProxy::last_head() const {
  std::lock_guard lock(state_->head_mutex);
  return state_->last_head;
}

std::uint64_t TestProxy::tunnels() const { return state_->tunnels.load(); }
std::uint64_t TestProxy::forwarded() const { return state_->forwarded.load(); }
std::uint64_t TestProxy::origin_form() const { return state_->origin_form.load(); }
std::uint64_t TestProxy::refused() const { return state_->refused.load(); }

}  // namespace rollcall::test
