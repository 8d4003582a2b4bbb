// The simulator's application (src/sim/ent.cpp): the requests a client sends,
// parsed as its connections parse them, routed and answered, with no socket.
// Whatever they hold, the answer's head is well-formed HTTP: no header
// value carries a line break or a NUL from the request into the response.
//
// Input: the bytes of one connection, any number of requests; one ENT
// serves them in turn, so logins, tickets and sessions carry over.
#include <chrono>
#include <cstring>
#include <string>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "fuzz_check.hpp"
#include "sim/config.hpp"
#include "sim/ent.hpp"

using namespace rollcall;
namespace beast_http = boost::beast::http;

namespace {

// Each line of the head ends in CRLF and holds no other CR, LF or NUL.
void check_head(std::string_view head) {
  fuzz::check(head.ends_with("\r\n\r\n"), "a response head does not end with an empty line");
  for (std::size_t start = 0; start < head.size();) {
    const auto end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, end - start);
    fuzz::check(!fuzz::has_line_break_or_nul(line), "a response header line holds CR, LF or NUL: " + std::string(line));
    start = end + 2;
  }
}

const sim::Config& config() {
  static const sim::Config small = [] {
    sim::Config c;
    c.doc_size = 4096;  // documents are served whole, whatever their size
    return c;
  }();
  return small;
}

}  // namespace

int fuzz_sim_request(const std::uint8_t* data, std::size_t size) {
  sim::Ent ent(config());
  auto now = sim::Ent::Clock::time_point{} + std::chrono::hours(1);
  boost::beast::flat_buffer buffer;
  auto room = buffer.prepare(size);
  if (size) std::memcpy(room.data(), data, size);
  buffer.commit(size);
  for (int requests = 0; requests < 64 && buffer.size() > 0; ++requests) {
    beast_http::request_parser<beast_http::string_body> parser;
    parser.body_limit(1024 * 1024);
    boost::beast::error_code ec;
    while (!ec && !parser.is_done() && buffer.size() > 0) buffer.consume(parser.put(buffer.data(), ec));
    if (!parser.is_done()) {
      if (!ec || ec == beast_http::error::need_more) break;  // a client that leaves mid-request
      check_head(sim::serialize_head(ent.error_status(ec == beast_http::error::body_limit ? 413 : 400), false));
      break;
    }
    const auto& message = parser.get();
    const sim::Request request{message.method_string(), message.target(), message[beast_http::field::host],
                               message[beast_http::field::cookie], message[beast_http::field::content_type], message.body()};
    const sim::Response response = ent.handle(request, sim::route(request.method, request.target), now);
    check_head(sim::serialize_head(response, message.keep_alive()));
    now += std::chrono::milliseconds(250);
  }
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_sim_request(data, size); }
#endif
