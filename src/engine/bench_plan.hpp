#pragma once
// Everything `rollcall bench` needs to run, already validated.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "http/proxy.hpp"
#include "http/source_addresses.hpp"
#include "http/tls.hpp"
#include "http/url.hpp"

namespace rollcall::engine {


struct Timeouts {
  std::chrono::nanoseconds connect = std::chrono::seconds(5);
  std::chrono::nanoseconds handshake = std::chrono::seconds(5);
  std::chrono::nanoseconds request = std::chrono::seconds(10);   // from the first byte sent to the last byte received
};

struct BenchPlan {
  http::Target target;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;  // resolved once
  std::string request;          // serialized once, sent as is
  bool expect_no_body = false;  // HEAD
  unsigned connections = 10;
  unsigned threads = 1;
  std::chrono::nanoseconds duration = std::chrono::seconds(10);
  std::optional<double> rate;   // requests/s; open model when set
  Timeouts timeouts;
  http::TlsOptions tls;
  http::SourceAddresses sources;  // --source-ip: new connections leave from these in turn
  // The proxy the target is reached through (--proxy or the environment's);
  // `endpoints` are then the proxy's. For https, `tunnel` is the CONNECT
  // request that opens each connection; for http, `request` is in absolute form.
  std::optional<http::Proxy> proxy;
  std::string tunnel;
  // After the end, requests in flight get this long to finish.
  std::chrono::nanoseconds grace = std::chrono::seconds(2);
};

}  // namespace rollcall::engine
