#pragma once
// What rollcall accepts from a server before calling its answer malformed.
// Both readers (bench's and the scenarios') apply the same limits, so a
// hostile or broken server costs the generator bounded memory and time,
// and its answer lands in a failure class instead.
#include <cstddef>

#include <boost/beast/http/error.hpp>

namespace rollcall::http {

// Bytes the parser must see whole before it can go on: the header section,
// a chunk's size line with its extensions, the trailer section. Beast's
// parser limits the first only; without this bound, a chunk line that
// never ends (`1;aaaa...`) grows a connection's buffer for as long as the
// server sends it.
inline constexpr std::size_t max_unparsed_bytes = 64 * 1024;

// Interim answers (103 Early Hints, 100 Continue) come before the final
// one on the same connection and are skipped; a server that sends them
// without end is broken, not slow.
inline constexpr unsigned max_interim_responses = 16;

// 1xx but 101: rollcall never asks to switch protocols, so a 101 is taken
// for the final answer it claims to be.
inline constexpr bool is_interim(unsigned status) { return status >= 100 && status < 200 && status != 101; }

// The parser finished a message of this status: true when it was an
// interim answer and the final one is still to come (`count` of them so
// far); false for the final answer, or, with `ec` set, when interim
// answers never end.
inline bool skip_interim(unsigned status, unsigned& count, boost::beast::error_code& ec) {
  if (!is_interim(status)) return false;
  if (++count > max_interim_responses) {
    ec = boost::beast::http::error::bad_status;
    return false;
  }
  return true;
}

// `bytes` the parser holds without being able to use them: past the limit,
// a chunk line or a trailer section that never ends.
inline void limit_unparsed(std::size_t bytes, boost::beast::error_code& ec) {
  if (!ec && bytes >= max_unparsed_bytes) ec = boost::beast::http::error::bad_chunk_extension;
}

}  // namespace rollcall::http
