#pragma once
// Every way an exchange can fail, as a load test reports it. The engine never
// throws these out: each is counted in its class and the run goes on.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/system/error_code.hpp>

namespace rollcall::http {

enum class Failure : std::uint8_t {
  none = 0,
  refused,            // connection refused: nothing listens, or the backlog is full
  reset,              // connection reset or broken pipe
  closed,             // the server closed the connection before the response ended
  timeout_connect,
  timeout_handshake,  // TLS handshake took longer than its timeout
  timeout_read,       // request sent, response not complete within the request timeout
  tls,                // handshake or certificate failure
  malformed,          // the response is not valid HTTP/1.1
  http_4xx,
  http_5xx,
  unreachable,        // no route to the host or network
  no_descriptors,     // this process ran out of file descriptors
  no_local_ports,     // no ephemeral port left for this source address
  undecodable,        // the body's Content-Encoding is unknown, or its stream corrupt or cut short
  proxy,              // the proxy refused the tunnel: its answer to CONNECT was not 2xx
  other,
  count_
};

inline constexpr std::size_t failure_count = static_cast<std::size_t>(Failure::count_);

// Stable names: they are keys of the JSON output and column names in reports.
std::string_view failure_name(Failure f);

// Which step of an exchange was under way when an error code came back.
enum class Phase : std::uint8_t { connect, handshake, exchange };

// Maps a transport or parser error to its class.
Failure classify(const boost::system::error_code& ec, Phase phase);

// The same for an operation that a watchdog may have cut: when it did, the
// error is the phase's timeout, whatever the socket said.
Failure classify(const boost::system::error_code& ec, Phase phase, bool timed_out);

// Maps a status code to its class (none for 1xx-3xx).
inline Failure classify_status(unsigned status) {
  if (status >= 500) return Failure::http_5xx;
  if (status >= 400) return Failure::http_4xx;
  return Failure::none;
}

// The server answered, whatever the status: the exchange has a latency
// and its connection may be kept.
inline bool is_answer(Failure f) { return f == Failure::none || f == Failure::http_4xx || f == Failure::http_5xx; }

// Where the generator stands when it runs out of something.
struct LimitContext {
  std::string_view sources;         // --source-ip as given, or the address the kernel picks
  bool sources_given = false;
  std::uint64_t descriptor_limit = 0;
  std::string_view load_flag;       // the flag that sets how many connections: --vus, --connections
};

// One line telling the user which limit the generator itself hit and the
// flag that lifts it; empty for failures that are the target's.
std::string failure_hint(Failure f, const LimitContext& where);

}  // namespace rollcall::http
