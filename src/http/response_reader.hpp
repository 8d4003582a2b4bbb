#pragma once
// A response parser for virtual users: it keeps the status, every header
// and, when the scenario needs it, the body (up to a cap). Everything goes
// into a ResponseData that the caller owns and reuses, so a user's buffers
// grow once and then serve every response.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/basic_parser.hpp>

#include "http/html_forms.hpp"

namespace rollcall::http {

struct ResponseData {
  struct Field {
    std::uint32_t name_offset, name_size, value_offset, value_size;
  };

  unsigned status = 0;
  std::string header_bytes;     // names and values, back to back
  std::vector<Field> fields;
  std::string body;             // kept only when asked for
  std::uint64_t body_bytes = 0; // received, kept or not
  bool body_truncated = false;  // larger than the cap: the rest was counted, not kept
  std::string decode_problem;   // why the body's content codings could not be undone (content_decoding.hpp)
  // The body's forms, once read (engine/parsed_page.hpp): what the next
  // submit_form chooses from. They go with the body, so a new response
  // never shows the last one's forms.
  std::optional<std::vector<HtmlForm>> forms;

  void clear() noexcept {
    status = 0;
    header_bytes.clear();
    fields.clear();
    body.clear();
    body_bytes = 0;
    body_truncated = false;
    decode_problem.clear();
    forms.reset();
  }
  // First header of that name, case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const;
  std::string_view field_name(const Field& f) const { return {header_bytes.data() + f.name_offset, f.name_size}; }
  std::string_view field_value(const Field& f) const { return {header_bytes.data() + f.value_offset, f.value_size}; }
  // Releases the memory of a large response once it has been used.
  void shrink();
};

class ResponseReader final : public boost::beast::http::basic_parser<false> {
 public:
  ResponseReader(ResponseData& out, bool keep_body, std::size_t body_cap) : out_(out), keep_body_(keep_body), cap_(body_cap) {
    header_limit(64 * 1024);
    body_limit(boost::none);
    eager(true);
    out_.clear();
  }

 private:
  using string_view = boost::beast::string_view;
  using error_code = boost::beast::error_code;

  void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
  void on_response_impl(int code, string_view, int, error_code&) override { out_.status = static_cast<unsigned>(code); }
  void on_field_impl(boost::beast::http::field, string_view name, string_view value, error_code&) override {
    // Fields after the header are a chunked body's trailers: metadata a
    // browser does not obey (a Set-Cookie or a Location there is ignored).
    if (is_header_done()) return;
    ResponseData::Field f{static_cast<std::uint32_t>(out_.header_bytes.size()), static_cast<std::uint32_t>(name.size()), 0,
                          static_cast<std::uint32_t>(value.size())};
    out_.header_bytes.append(name.data(), name.size());
    f.value_offset = static_cast<std::uint32_t>(out_.header_bytes.size());
    out_.header_bytes.append(value.data(), value.size());
    out_.fields.push_back(f);
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    if (keep_body_ && length) out_.body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*length, cap_)));
  }
  std::size_t on_body_impl(string_view body, error_code&) override { return keep(body); }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override { return keep(body); }
  void on_finish_impl(error_code&) override {}

  std::size_t keep(string_view body) {
    out_.body_bytes += body.size();
    if (keep_body_) {
      const std::size_t room = cap_ > out_.body.size() ? cap_ - out_.body.size() : 0;
      if (body.size() > room) out_.body_truncated = true;
      out_.body.append(body.data(), std::min(room, body.size()));
    }
    return body.size();
  }

  ResponseData& out_;
  bool keep_body_;
  std::size_t cap_;
};

}  // namespace rollcall::http
