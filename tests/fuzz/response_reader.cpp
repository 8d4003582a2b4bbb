// The virtual users' response reader, fed a server's bytes in pieces as the
// engine feeds them (src/engine/vu_connection_impl.hpp): whatever they hold,
// it stops with an error or an answer, keeps no more body than its cap, and
// its memory stays bounded (scripts/fuzz.sh runs it under -malloc_limit_mb).
//
// Input: one byte of options (keep the body or not, the body cap, the size
// of the pieces), then the bytes of the connection.
#include <cstring>
#include <optional>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "fuzz_check.hpp"
#include "http/response_limits.hpp"
#include "http/response_reader.hpp"

using namespace rollcall;

int fuzz_response_reader(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  const bool keep_body = options & 1;
  const std::size_t body_cap = std::size_t{1} << ((options >> 1) & 15);  // 1 B .. 32 KiB
  const std::size_t piece = std::size_t{1} << ((options >> 5) & 7);      // 1 .. 128 bytes
  std::string_view wire = fuzz::as_text(data + 1, size - 1);

  http::ResponseData response;
  std::optional<http::ResponseReader> parser;
  parser.emplace(response, keep_body, body_cap);
  boost::beast::flat_buffer buffer;
  unsigned interim = 0;
  boost::beast::error_code ec;
  for (;;) {
    if (buffer.size() > 0) {
      const std::size_t used = parser->put(buffer.data(), ec);
      buffer.consume(used);
      if (ec == boost::beast::http::error::need_more) ec = {};
      if (ec) break;
      if (parser->is_done()) {
        if (!http::skip_interim(response.status, interim, ec)) break;
        parser.emplace(response, keep_body, body_cap);
        continue;
      }
      if (used > 0 && buffer.size() > 0) continue;
      http::limit_unparsed(buffer.size(), ec);
      if (ec) break;
    }
    if (wire.empty()) {
      if (parser->got_some()) parser->put_eof(ec);
      break;
    }
    const std::size_t n = std::min(piece, wire.size());
    auto room = buffer.prepare(n);
    std::memcpy(room.data(), wire.data(), n);
    buffer.commit(n);
    wire.remove_prefix(n);
    fuzz::check(buffer.size() <= http::max_unparsed_bytes + 128, "the reader holds more unparsed bytes than allowed");
  }

  fuzz::check(keep_body || response.body.empty(), "a body was kept when not asked for");
  fuzz::check(response.body.size() <= body_cap, "the body kept is larger than its cap");
  fuzz::check(response.body.size() <= response.body_bytes, "more body kept than received");
  for (const auto& f : response.fields) {
    fuzz::check(std::size_t{f.value_offset} + f.value_size <= response.header_bytes.size() &&
                    std::size_t{f.name_offset} + f.name_size <= response.header_bytes.size(),
                "a header field points outside the header bytes");
    fuzz::check(!fuzz::has_line_break_or_nul(response.field_value(f)), "a header value holds CR, LF or NUL");
  }
  (void)response.header("location");
  response.shrink();
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_response_reader(data, size);
}
#endif
