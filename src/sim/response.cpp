#include "sim/response.hpp"

#include <ctime>

#include <boost/beast/http/status.hpp>
#include <fmt/format.h>

#include "common/instant.hpp"

namespace rollcall::sim {

namespace {

// RFC 9110 wants a Date from a server with a clock: generators started at
// one instant (--start-at) compare their clocks with it. Formatted once a
// second per thread, not per answer.
const std::string& date_now() {
  thread_local std::time_t shown = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != shown) {
    text = format_http_date(now);
    shown = now;
  }
  return text;
}

}  // namespace

std::string serialize_head(const Response& r, bool keep_alive) {
  auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status));
  std::string out;
  out.reserve(256);
  auto it = std::back_inserter(out);
  fmt::format_to(it, "HTTP/1.1 {} {}\r\nServer: rollcall-sim\r\nDate: {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n",
                 r.status, std::string_view(reason.data(), reason.size()), date_now(), r.content_type, r.body_view().size());
  for (const auto& [name, value] : r.headers) fmt::format_to(it, "{}: {}\r\n", name, value);
  if (!keep_alive || r.close) out += "Connection: close\r\n";
  out += "\r\n";
  return out;
}

std::string malformed_status_bytes() {
  // The status code is not three digits: "HTTP/1.1 2OO OK" with letters O.
  return "HTTP/1.1 2OO OK\r\nServer: rollcall-sim\r\nContent-Length: 2\r\n\r\nok";
}

std::string malformed_headers_bytes() {
  // A header line without a colon, and a control character in a value.
  return "HTTP/1.1 200 OK\r\nServer: rollcall-sim\r\nContent-Type text/html\r\nX-Broken: a\x01"
         "b\r\nContent-Length: 2\r\n\r\nok";
}

}  // namespace rollcall::sim
