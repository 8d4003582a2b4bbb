#pragma once
// A tiny HTTP server inside the test process, for what nginx cannot be told
// to do on cue: stall for a while, answer garbage, die mid-run.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rollcall::test {

class StubServer {
 public:
  StubServer();   // listens on 127.0.0.1, a free port, on its own thread
  ~StubServer();

  unsigned short port() const { return port_; }
  std::string url(const std::string& path = "/") const;

  // From now on, hold every response until `d` has passed.
  void stall_for(std::chrono::milliseconds d);
  // Delay each response by `d`.
  void set_delay(std::chrono::milliseconds d);
  // Answer every request with these raw bytes (default: a 200 with "ok").
  void set_response(std::string raw);
  // Answer every request with these pieces in turn: each written, then its
  // pause; a piece `forever` is written again and again until the client
  // goes (an endless header, chunk line or body). Replaces set_response.
  // `repeat` writes the bytes that many times (a large body without a large
  // string); `end` closes the connection after the piece, with a FIN or a
  // reset (RST).
  enum class End { keep, close, reset };
  struct Piece {
    std::string bytes;
    std::chrono::milliseconds then{0};
    bool forever = false;
    std::size_t repeat = 1;
    End end = End::keep;
  };
  void set_pieces(std::vector<Piece> pieces);
  // Written to every new connection before it sends anything (a server
  // that speaks first, or speaks HTTP to a TLS client).
  void set_greeting(std::string raw);
  // From now on, every answer set by set_response (not pieces) carries a
  // Date header: this machine's clock plus `offset`, read as it is sent
  // (a server whose clock is off).
  void set_clock_offset(std::chrono::seconds offset);
  // Close the listening socket and every connection, as a crashed server.
  void kill();

  std::uint64_t requests() const { return requests_.load(); }
  // Until `n` requests have come, or `limit` has passed: a test signals or
  // changes the server once the run is under way, not after a fixed sleep,
  // which a loaded machine can spend starting the program.
  void wait_for_requests(std::uint64_t n, std::chrono::milliseconds limit = std::chrono::seconds(60)) const;
  // The request line and headers of the last request received.
  std::string last_head() const;
  // Every request line received so far ("GET /x?y HTTP/1.1"), in order.
  std::vector<std::string> request_lines() const;
  // When the first GET arrived, s since the epoch (this machine's clock);
  // 0 before any.
  double first_get_at() const;

  struct State;  // lives on the server's thread

 private:
  std::shared_ptr<State> state_;
  std::thread thread_;
  unsigned short port_ = 0;
  std::atomic<std::uint64_t> requests_{0};
  mutable std::mutex head_mutex_;
  std::string last_head_;
  std::vector<std::string> request_lines_;
  double first_get_at_ = 0;
};

}  // namespace rollcall::test
