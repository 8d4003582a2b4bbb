#pragma once
// The rules of one HTTP exchange that bench connections and virtual users'
// connections share: each is written once here, so that a fix to one is a
// fix to both. The read loops themselves differ on purpose (bench counts
// bytes from a lane-wide scratch buffer; a virtual user keeps headers and
// body), and both use http/response_limits.hpp for what a server may send.
#include <boost/asio/error.hpp>
#include <boost/system/error_code.hpp>

#include "engine/clock.hpp"
#include "http/failure.hpp"

namespace rollcall::engine {

// A keep-alive connection that the server closed while it sat idle fails
// the next request before any byte of an answer: browsers send the request
// again on a new connection, once, and so does rollcall. Not when the
// answer had started (that is the server failing the request), nor when
// the run's hard stop cut the exchange.
inline bool resend_on_new_connection(http::Failure f, bool reused, bool answer_started, bool abandoned,
                                     TimePoint hard_stop) {
  return (f == http::Failure::closed || f == http::Failure::reset) && reused && !answer_started && !abandoned &&
         Clock::now() < hard_stop;
}

// Whether a connection may carry the next request after a complete answer.
// Bytes that came after the answer belong to no request (rollcall does not
// pipeline): reusing the connection would read them as the next request's
// answer and book a failure, or a latency, against the wrong request.
inline bool reusable(bool keep_alive, bool unsolicited_bytes) { return keep_alive && !unsolicited_bytes; }

// The connection ended (`ec` is EOF): an answer whose body runs to the end
// of the connection is complete then. True, and `ec` cleared, when it was.
template <class Parser>
bool end_of_stream(Parser& parser, boost::system::error_code& ec) {
  if (ec != boost::asio::error::eof || !parser.got_some()) return false;
  boost::system::error_code eof_ec;
  parser.put_eof(eof_ec);
  if (eof_ec || !parser.is_done()) return false;
  ec = {};
  return true;
}

}  // namespace rollcall::engine
