#pragma once
// A response parser that keeps only what a raw benchmark reports: the status
// and how many body bytes came. It stores no header and no body, so parsing
// allocates nothing however large the response is.
#include <cstdint>

#include <boost/beast/http/basic_parser.hpp>

namespace rollcall::http {

class ResponseMeter final : public boost::beast::http::basic_parser<false> {
 public:
  ResponseMeter() {
    header_limit(64 * 1024);
    body_limit(boost::none);  // the body is counted, never held
  }

  unsigned status() const noexcept { return status_; }
  std::uint64_t body_bytes() const noexcept { return body_bytes_; }

 private:
  using string_view = boost::beast::string_view;
  using error_code = boost::beast::error_code;

  void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
  void on_response_impl(int code, string_view, int, error_code&) override { status_ = static_cast<unsigned>(code); }
  void on_field_impl(boost::beast::http::field, string_view, string_view, error_code&) override {}
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view body, error_code&) override {
    body_bytes_ += body.size();
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
    body_bytes_ += body.size();
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  unsigned status_ = 0;
  std::uint64_t body_bytes_ = 0;
};

}  // namespace rollcall::http
