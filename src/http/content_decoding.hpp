#pragma once
// A kept body's content codings undone, as a browser undoes them before
// anything reads the page: checks, extractions, forms and admission rules
// read the decoded body. Only kept bodies are decoded; a body that is only
// counted is counted as it came.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "common/content_coding.hpp"
#include "http/response_reader.hpp"

namespace rollcall::http {

// What browsers offer, and virtual users unless the scenario sets its own.
inline constexpr std::string_view browser_accept_encoding = "gzip, deflate, br";

// Codings one body may carry ("gzip, br" is two). Each is decoded in
// full up to the body limit, so the bound keeps a chain's cost bounded.
inline constexpr std::size_t max_content_codings = 4;

// A lane's decoder and the buffer it decodes into, reused by every answer
// of the lane. Not thread-safe.
class ContentDecoder {
 public:
  // Replaces `response.body`, as received (at most `cap` bytes,
  // body_truncated when more came), by its decoding according to its
  // Content-Encoding fields, last coding first: at most `cap` bytes,
  // body_truncated when the decoding goes further. The decoded size is
  // bounded by the limit that bounds the raw one, so a small answer that
  // inflates to gigabytes costs `cap`. False when a coding is unknown or a
  // stream is corrupt, or ends before its end although the whole body
  // came: `response.decode_problem` says which, in words.
  bool decode(ResponseData& response, std::size_t cap);

 private:
  coding::Decoder decoder_;
  std::string scratch_;
};

}  // namespace rollcall::http
