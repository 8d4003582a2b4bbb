#include "http/content_decoding.hpp"

#include <strings.h>

#include <fmt/format.h>

namespace rollcall::http {

namespace {

bool is_content_encoding(std::string_view name) {
  constexpr std::string_view field = "Content-Encoding";
  return name.size() == field.size() && strncasecmp(name.data(), field.data(), field.size()) == 0;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct Codings {
  std::array<coding::Coding, max_content_codings> list{};
  std::size_t count = 0;
};

// The codings of every Content-Encoding field, in the order the server
// applied them; identity adds none.
bool read_codings(const ResponseData& response, Codings& out, std::string& problem) {
  for (const auto& f : response.fields) {
    if (!is_content_encoding(response.field_name(f))) continue;
    std::string_view list = response.field_value(f);
    while (!list.empty()) {
      const auto comma = list.find(',');
      const std::string_view token = trimmed(list.substr(0, comma));
      list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
      if (token.empty()) continue;
      const auto c = coding::coding_named(token);
      if (!c) {
        problem = fmt::format("the answer's Content-Encoding '{}' is not one rollcall decodes (gzip, deflate, br)",
                              token.substr(0, 32));
        return false;
      }
      if (*c == coding::Coding::identity) continue;
      if (out.count == out.list.size()) {
        problem = fmt::format("the answer's body has more than {} content codings", max_content_codings);
        return false;
      }
      out.list[out.count++] = *c;
    }
  }
  return true;
}

}  // namespace

bool ContentDecoder::decode(ResponseData& response, std::size_t cap) {
  // A HEAD's, a 204's or a 304's answer has no body to decode, whatever it is said to be coded in.
  if (response.body.empty()) return true;
  Codings codings;
  if (!read_codings(response, codings, response.decode_problem)) return false;
  // The input of a coding stops short of its stream's end when the body
  // limit cut it (or cut the coding applied after it): that is a
  // truncated body, not a broken one.
  bool cut = response.body_truncated;
  for (std::size_t i = codings.count; i-- > 0;) {
    const coding::Coding c = codings.list[i];
    const coding::DecodeEnd end = decoder_.decode(c, response.body, scratch_, cap);
    if (end == coding::DecodeEnd::corrupt) {
      response.decode_problem = fmt::format("the answer's {} body is corrupt", coding::coding_name(c));
      return false;
    }
    if (end == coding::DecodeEnd::unfinished && !cut) {
      response.decode_problem =
          fmt::format("the answer's {} body ends before its stream does (truncated)", coding::coding_name(c));
      return false;
    }
    response.body.swap(scratch_);
    cut = end != coding::DecodeEnd::complete;
  }
  response.body_truncated = cut;
  return true;
}

}  // namespace rollcall::http
