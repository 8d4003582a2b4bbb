#include <set>

#include <catch2/catch.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>

#include "http/failure.hpp"

using namespace rollcall::http;
namespace aerr = boost::asio::error;

TEST_CASE("transport errors fall into their classes") {
  CHECK(classify({}, Phase::exchange) == Failure::none);
  CHECK(classify(aerr::connection_refused, Phase::connect) == Failure::refused);
  CHECK(classify(aerr::connection_reset, Phase::exchange) == Failure::reset);
  CHECK(classify(aerr::broken_pipe, Phase::exchange) == Failure::reset);
  CHECK(classify(aerr::eof, Phase::exchange) == Failure::closed);
  CHECK(classify(aerr::eof, Phase::handshake) == Failure::tls);
  CHECK(classify(aerr::timed_out, Phase::connect) == Failure::timeout_connect);
  CHECK(classify(aerr::host_unreachable, Phase::connect) == Failure::unreachable);
  CHECK(classify(boost::asio::ssl::error::stream_truncated, Phase::exchange) == Failure::closed);
  CHECK(classify(boost::system::error_code(EMFILE, boost::system::system_category()), Phase::connect) ==
        Failure::no_descriptors);
  CHECK(classify(boost::system::error_code(EADDRNOTAVAIL, boost::system::system_category()), Phase::connect) ==
        Failure::no_local_ports);
}

TEST_CASE("parser errors are malformed responses, except an early end") {
  namespace herr = boost::beast::http;
  CHECK(classify(herr::error::bad_status, Phase::exchange) == Failure::malformed);
  CHECK(classify(herr::error::bad_field, Phase::exchange) == Failure::malformed);
  CHECK(classify(herr::error::header_limit, Phase::exchange) == Failure::malformed);
  CHECK(classify(herr::error::partial_message, Phase::exchange) == Failure::closed);
  CHECK(classify(herr::error::end_of_stream, Phase::exchange) == Failure::closed);
}

TEST_CASE("status classes") {
  CHECK(classify_status(200) == Failure::none);
  CHECK(classify_status(302) == Failure::none);
  CHECK(classify_status(404) == Failure::http_4xx);
  CHECK(classify_status(503) == Failure::http_5xx);
}

TEST_CASE("every class has a distinct stable name") {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < failure_count; ++i) names.insert(failure_name(static_cast<Failure>(i)));
  CHECK(names.size() == failure_count);
  CHECK(failure_name(Failure::timeout_read) == "timeout_read");
}

TEST_CASE("a watchdog's cut is the phase's timeout") {
  namespace aerr = boost::asio::error;
  CHECK(classify(aerr::operation_aborted, Phase::connect, true) == Failure::timeout_connect);
  CHECK(classify(aerr::operation_aborted, Phase::handshake, true) == Failure::timeout_handshake);
  CHECK(classify(aerr::bad_descriptor, Phase::exchange, true) == Failure::timeout_read);
  CHECK(classify(aerr::connection_reset, Phase::exchange, false) == Failure::reset);
  CHECK(classify({}, Phase::exchange, true) == Failure::none);
}
