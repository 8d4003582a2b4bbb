#include "http/url.hpp"

#include <cctype>
#include <charconv>

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>
#include <fmt/format.h>

#include "common/usage_error.hpp"

namespace rollcall::http {

std::string Target::origin() const {
  return fmt::format("{}://{}", tls ? "https" : "http", host_header);
}

bool is_ip_literal(std::string_view host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(host), ec);
  return !ec;
}

Target parse_target(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) throw UsageError(fmt::format("invalid URL '{}': expected http://host[:port]/path", url));
  const boost::urls::url_view& u = *parsed;

  Target t;
  const std::string scheme = u.scheme();
  if (scheme == "https") {
    t.tls = true;
  } else if (scheme != "http") {
    throw UsageError(fmt::format("invalid URL '{}': scheme must be http or https, not '{}'", url, scheme));
  }
  if (!u.has_authority() || u.host().empty())
    throw UsageError(fmt::format("invalid URL '{}': no host", url));
  if (u.has_userinfo())
    throw UsageError(fmt::format("invalid URL: credentials in the URL are not supported; use -H 'Authorization: ...'"));

  t.host = u.host_type() == boost::urls::host_type::ipv6 ? std::string(u.host_address()) : std::string(u.host());
  // A host name is letters, digits, '-', '.', '_' (international names come
  // as punycode). Anything else, percent-decoded from a server's Location
  // (a NUL, CR or LF), would go into the Host header and split the request.
  if (u.host_type() == boost::urls::host_type::name)
    for (const char ch : t.host) {
      const auto c = static_cast<unsigned char>(ch);
      if (!(std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~'))
        throw UsageError("invalid URL: its host holds a character a host name cannot have");
    }
  const std::uint16_t default_port = t.tls ? 443 : 80;
  if (u.has_port()) {
    const std::string_view port = u.port();
    unsigned long number = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (ec != std::errc{} || end != port.data() + port.size() || number == 0 || number > 65535)
      throw UsageError(fmt::format("invalid URL '{}': port must be 1-65535", url));
    t.port = static_cast<std::uint16_t>(number);
  } else {
    t.port = default_port;
  }
  const std::string host_for_header =
      u.host_type() == boost::urls::host_type::ipv6 ? fmt::format("[{}]", t.host) : t.host;
  t.host_header = t.port == default_port ? host_for_header : fmt::format("{}:{}", host_for_header, t.port);

  t.path_and_query = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
  if (u.has_query()) t.path_and_query += "?" + std::string(u.encoded_query());
  return t;
}

}  // namespace rollcall::http

namespace rollcall::http {

std::optional<std::string> resolve_url(std::string_view base, std::string_view reference) {
  auto b = boost::urls::parse_absolute_uri(base);
  auto r = boost::urls::parse_uri_reference(reference);
  if (!b || !r) return std::nullopt;
  boost::urls::url out;
  if (auto ok = boost::urls::resolve(*b, *r, out); !ok) return std::nullopt;
  out.remove_fragment();
  return std::string(out.buffer());
}

std::optional<Target> split_url(std::string_view absolute) {
  try {
    return parse_target(absolute);
  } catch (const UsageError&) {
    return std::nullopt;
  }
}

std::vector<FormPair> split_form(std::string_view encoded) {
  std::vector<FormPair> pairs;
  while (!encoded.empty()) {
    const auto amp = encoded.find('&');
    const auto pair = encoded.substr(0, amp);
    const auto eq = pair.find('=');
    pairs.push_back({pair.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1)});
    if (amp == std::string_view::npos) break;
    encoded.remove_prefix(amp + 1);
  }
  return pairs;
}

void append_form_encoded(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '*') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

}  // namespace rollcall::http
