#include "http/request.hpp"

#include <algorithm>
#include <cctype>
#include <strings.h>

#include <fmt/format.h>

#include "common/ascii.hpp"
#include "common/usage_error.hpp"
#include "http/proxy.hpp"

namespace rollcall::http {

namespace {

bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar); }

bool has_header(const RequestSpec& spec, std::string_view name) {
  return std::any_of(spec.headers.begin(), spec.headers.end(), [&](const Header& h) {
    return h.name.size() == name.size() && strncasecmp(h.name.data(), name.data(), name.size()) == 0;
  });
}

}  // namespace

Header parse_header(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos)
    throw UsageError(fmt::format("invalid header '{}': expected 'Name: value'", text));
  const auto name = ascii::trim_blanks(text.substr(0, colon));
  const auto value = ascii::trim_blanks(text.substr(colon + 1));
  if (!is_token(name)) throw UsageError(fmt::format("invalid header name '{}'", name));
  if (value.find_first_of("\r\n") != std::string_view::npos)
    throw UsageError(fmt::format("invalid header '{}': the value contains a line break", name));
  return Header{std::string(name), std::string(value)};
}

std::string validate_method(std::string_view method) {
  if (!is_token(method)) throw UsageError(fmt::format("invalid HTTP method '{}'", method));
  return std::string(method);
}

std::string serialize_request(const Target& target, const RequestSpec& spec, const Proxy* forward) {
  std::string out;
  out.reserve(256 + spec.body.size());
  out += fmt::format("{} {} HTTP/1.1\r\n", spec.method, forward ? absolute_form(target) : target.path_and_query);
  if (!has_header(spec, "Host")) out += fmt::format("Host: {}\r\n", target.host_header);
  if (forward && !forward->authorization.empty() && !has_header(spec, "Proxy-Authorization"))
    out += fmt::format("Proxy-Authorization: {}\r\n", forward->authorization);
  if (!has_header(spec, "User-Agent")) out += "User-Agent: rollcall/" ROLLCALL_VERSION "\r\n";
  for (const auto& h : spec.headers) out += fmt::format("{}: {}\r\n", h.name, h.value);
  const bool body_expected = !spec.body.empty() || spec.method == "POST" || spec.method == "PUT" || spec.method == "PATCH";
  if (body_expected && !has_header(spec, "Content-Length"))
    out += fmt::format("Content-Length: {}\r\n", spec.body.size());
  out += "\r\n";
  out += spec.body;
  return out;
}

}  // namespace rollcall::http
