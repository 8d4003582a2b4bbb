#pragma once
// `rollcall sim --compress`: HTML and JSON answers compressed as a web
// server compresses them on the fly, in the coding the request accepts
// (br, else gzip), so that a client's decoding can be seen at work.
#include <string_view>

#include "sim/response.hpp"

namespace rollcall::sim {

// The coding of `accept_encoding` (a request's Accept-Encoding) the
// simulator answers in: "br", "gzip", or empty for none. A coding with
// q=0 is refused, as RFC 9110 §12.5.3 says.
std::string_view pick_coding(std::string_view accept_encoding);

// Compresses `response`'s body in place when it is HTML or JSON of at
// least 20 bytes (nginx's gzip_min_length) and the request accepts br or
// gzip; adds Content-Encoding and Vary.
void compress(Response& response, std::string_view accept_encoding);

}  // namespace rollcall::sim
