#include "http/failure.hpp"

#include <cerrno>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <fmt/format.h>

namespace rollcall::http {

std::string_view failure_name(Failure f) {
  switch (f) {
    case Failure::none: return "none";
    case Failure::refused: return "refused";
    case Failure::reset: return "reset";
    case Failure::closed: return "closed";
    case Failure::timeout_connect: return "timeout_connect";
    case Failure::timeout_handshake: return "timeout_handshake";
    case Failure::timeout_read: return "timeout_read";
    case Failure::tls: return "tls";
    case Failure::malformed: return "malformed";
    case Failure::http_4xx: return "http_4xx";
    case Failure::http_5xx: return "http_5xx";
    case Failure::unreachable: return "unreachable";
    case Failure::no_descriptors: return "no_descriptors";
    case Failure::no_local_ports: return "no_local_ports";
    case Failure::undecodable: return "undecodable";
    case Failure::proxy: return "proxy";
    case Failure::other: return "other";
    case Failure::count_: break;
  }
  return "other";
}

Failure classify(const boost::system::error_code& ec, Phase phase) {
  namespace aerr = boost::asio::error;
  if (!ec) return Failure::none;
  namespace herr = boost::beast::http;
  if (ec.category() == herr::make_error_code(herr::error::end_of_stream).category())
    return ec == herr::error::end_of_stream || ec == herr::error::partial_message ? Failure::closed
                                                                                 : Failure::malformed;
  if (ec == boost::asio::ssl::error::stream_truncated)
    return phase == Phase::handshake ? Failure::tls : Failure::closed;
  if (ec.category() == boost::asio::error::get_ssl_category()) return Failure::tls;
  if (ec == aerr::eof) return phase == Phase::handshake ? Failure::tls : Failure::closed;
  if (ec == aerr::connection_refused) return Failure::refused;
  if (ec == aerr::connection_reset || ec == aerr::broken_pipe || ec == aerr::connection_aborted)
    return Failure::reset;
  if (ec == aerr::timed_out) return phase == Phase::connect ? Failure::timeout_connect : Failure::timeout_read;
  if (ec == aerr::host_unreachable || ec == aerr::network_unreachable || ec == aerr::network_down)
    return Failure::unreachable;
  if (ec.category() == boost::system::system_category()) {
    switch (ec.value()) {
      case EMFILE:
      case ENFILE: return Failure::no_descriptors;
      case EADDRNOTAVAIL: return Failure::no_local_ports;
      // bind() of a source address with no port left
      case EADDRINUSE: return phase == Phase::connect ? Failure::no_local_ports : Failure::other;
      default: break;
    }
  }
  return Failure::other;
}

Failure classify(const boost::system::error_code& ec, Phase phase, bool timed_out) {
  if (!ec) return Failure::none;
  if (!timed_out) return classify(ec, phase);
  switch (phase) {
    case Phase::connect: return Failure::timeout_connect;
    case Phase::handshake: return Failure::timeout_handshake;
    case Phase::exchange: return Failure::timeout_read;
  }
  return Failure::other;
}

std::string failure_hint(Failure f, const LimitContext& where) {
  switch (f) {
    case Failure::no_descriptors:
      return fmt::format("descriptor limit {} reached: lower {} or raise ulimit -n (the hard limit, as root)",
                         where.descriptor_limit, where.load_flag);
    case Failure::no_local_ports:
      if (where.sources_given)
        return fmt::format("ran out of local ports on {}: add addresses to --source-ip or lower {}", where.sources,
                           where.load_flag);
      return fmt::format("ran out of local ports on {}: spread connections with --source-ip 127.0.0.2-127.0.0.20",
                         where.sources);
    default: return {};
  }
}

}  // namespace rollcall::http
