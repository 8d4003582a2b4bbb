#pragma once
// An answer of the simulated ENT, and its bytes on the wire. The simulator
// writes responses itself rather than through Beast's serializer: faults need
// byte-level control (half a body, a byte at a time, broken status lines).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rollcall::sim {

struct Response {
  unsigned status = 200;
  std::string_view content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string_view, std::string>> headers;  // Location, Set-Cookie...
  std::string body;
  // A body that lives as long as the simulator (documents, static JSON):
  // sent without a copy, instead of `body`.
  const std::string* shared_body = nullptr;
  bool close = false;  // close the connection once this is sent

  std::string_view body_view() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
  Response& header(std::string_view name, std::string value) {
    headers.emplace_back(name, std::move(value));
    return *this;
  }
};

// The status line and headers, up to and including the blank line.
std::string serialize_head(const Response& response, bool keep_alive);

// Whole answers that no HTTP parser accepts, for the malformed-* faults.
std::string malformed_status_bytes();
std::string malformed_headers_bytes();

}  // namespace rollcall::sim
