#pragma once
// A small synchronous HTTP client for the simulator's tests: one keep-alive
// connection, a cookie jar, and helpers to read forms out of HTML. Plus raw
// socket exchanges for the faults, which no HTTP client should accept.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/system/error_code.hpp>

namespace rollcall::test {

struct Reply {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  double seconds = 0;  // from sending the request to the end of the body

  // The first header of that name (case-insensitive); "" when there is none.
  std::string header(std::string_view name) const;
  std::vector<std::string> headers_named(std::string_view name) const;
  // "/cas/login?service=..." out of an absolute Location.
  std::string location_target() const;
};

class Client {
 public:
  // Plain HTTP, or HTTPS verified against `ca_pem` for host 127.0.0.1.
  explicit Client(std::uint16_t port, std::string ca_pem = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  Reply get(const std::string& target);
  Reply post_form(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields);
  Reply send(const std::string& method, const std::string& target, const std::string& body = {},
             const std::string& content_type = {});

  // name -> value; Set-Cookie answers update it, Max-Age=0 removes.
  std::map<std::string, std::string> cookies;

 private:
  struct Connection;
  void connect();
  std::uint16_t port_;
  std::string ca_pem_;
  std::unique_ptr<Connection> connection_;
};

// The value of <input name="NAME" value="..."> in a page, HTML-unescaped.
std::optional<std::string> hidden_field(std::string_view html, std::string_view name);
// The action="..." of the first form.
std::optional<std::string> form_action(std::string_view html);
std::string url_encode(std::string_view text);

struct RawResult {
  std::string bytes;                // everything received
  boost::system::error_code error;  // how the read ended: eof, connection_reset...
  double seconds = 0;
};

// Connects, sends `request` as is, reads until the server closes.
RawResult raw_exchange(std::uint16_t port, const std::string& request);

// Whether a TCP connection to 127.0.0.1:port is accepted; the error if not.
boost::system::error_code try_connect(std::uint16_t port);

// What an HTTP/1.1 parser says about a response: success, or why not.
boost::system::error_code parse_response(const std::string& bytes);

}  // namespace rollcall::test
