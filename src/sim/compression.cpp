#include "sim/compression.hpp"

#include <strings.h>

#include "common/content_coding.hpp"

namespace rollcall::sim {

namespace {

// Level 1 for both: nginx's default gzip_comp_level. The simulator answers
// on one thread, and compressing must not become its bottleneck.
constexpr int level = 1;
constexpr std::size_t min_length = 20;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// "q=0", "q=0.0", "q=0.000" among a member's parameters.
bool refused(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    std::string_view p = trimmed(params.substr(0, semi));
    params.remove_prefix(semi == std::string_view::npos ? params.size() : semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    p.remove_prefix(2);
    if (p.empty() || p[0] != '0') return false;
    p.remove_prefix(1);
    if (!p.empty() && p[0] == '.') p.remove_prefix(1);
    return p.find_first_not_of('0') == std::string_view::npos;
  }
  return false;
}

bool is_compressible(std::string_view content_type) {
  return content_type.starts_with("text/html") || content_type.starts_with("application/json");
}

}  // namespace

std::string_view pick_coding(std::string_view accept_encoding) {
  bool br = false, gzip = false;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const std::string_view member = accept_encoding.substr(0, comma);
    accept_encoding.remove_prefix(comma == std::string_view::npos ? accept_encoding.size() : comma + 1);
    const auto semi = member.find(';');
    const std::string_view name = trimmed(member.substr(0, semi));
    const bool ok = semi == std::string_view::npos || !refused(member.substr(semi + 1));
    if (same(name, "br")) br = ok;
    if (same(name, "gzip") || same(name, "x-gzip")) gzip = ok;
  }
  return br ? "br" : gzip ? "gzip" : "";
}

void compress(Response& response, std::string_view accept_encoding) {
  const std::string_view body = response.body_view();
  if (body.size() < min_length || !is_compressible(response.content_type)) return;
  const std::string_view coding = pick_coding(accept_encoding);
  if (coding.empty()) return;
  response.body = coding::encode(coding == "br" ? coding::Coding::br : coding::Coding::gzip, body, level);
  response.shared_body = nullptr;
  response.header("Content-Encoding", std::string(coding));
  response.header("Vary", "Accept-Encoding");
}

}  // namespace rollcall::sim
