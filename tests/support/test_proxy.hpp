#pragma once
// An HTTP proxy inside the test process, on loopback: it opens CONNECT
// tunnels and forwards absolute-form requests, and counts both, so that a
// test can tell every request went through it. On cue it answers 407,
// stalls, or never ends its answer's header, as a hostile proxy would.
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace rollcall::test {

class TestProxy {
 public:
  enum class Mode {
    relay,           // open tunnels, forward requests
    refuse,          // 407 Proxy Authentication Required to everything
    stall,           // read the request, never answer
    endless_header,  // answer a header that never ends
  };

  TestProxy();  // listens on 127.0.0.1, a free port, on its own thread
  ~TestProxy();

  unsigned short port() const { return port_; }
  std::string url() const;  // http://127.0.0.1:port

  void set_mode(Mode mode);
  // The same for requests and tunnels to that host only (as written in them).
  void set_mode_for(std::string host, Mode mode);
  // Answer 407 unless the request carries `Proxy-Authorization: <value>`.
  void require_authorization(std::string value);

  std::uint64_t tunnels() const;      // CONNECTs answered 200
  std::uint64_t forwarded() const;    // absolute-form requests passed on
  std::uint64_t origin_form() const;  // requests not meant for a proxy (answered 400)
  std::uint64_t refused() const;      // 407s sent
  // The head of the last request received (CONNECT or forwarded).
  std::string last_head() const;

  struct State;  // lives on the proxy's thread

 private:
  std::shared_ptr<State> state_;
  std::thread thread_;
  unsigned short port_ = 0;
};

}  // namespace rollcall::test
