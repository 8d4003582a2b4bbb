#include "http/proxy.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <fmt/format.h>

#include "common/ascii.hpp"
#include "common/usage_error.hpp"

namespace rollcall::http {

namespace {

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos ? fmt::format("[{}]", host) : host;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = ::EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// The URL as a message may quote it: credentials replaced.
std::string without_credentials(std::string_view text) {
  const auto at = text.rfind('@');
  if (at == std::string_view::npos) return std::string(text);
  const auto scheme_end = text.find("://");
  const std::size_t from = scheme_end == std::string_view::npos || scheme_end > at ? 0 : scheme_end + 3;
  return fmt::format("{}***{}", text.substr(0, from), text.substr(at));
}

[[noreturn]] void bad(std::string_view origin, std::string_view text, std::string_view why) {
  throw UsageError(fmt::format("{} {}: {} (expected http://[user:password@]host[:port])", origin,
                               without_credentials(text), why));
}

std::uint16_t port_of(std::string_view text, std::string_view origin, std::string_view port) {
  unsigned number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (ec != std::errc{} || end != port.data() + port.size() || number == 0 || number > 65535)
    bad(origin, text, "the port must be 1 to 65535");
  return static_cast<std::uint16_t>(number);
}

std::optional<std::string> first_set(const Environment& env, std::initializer_list<const char*> names,
                                     const char*& found) {
  for (const char* name : names)
    if (auto value = env(name); value && !value->empty()) {
      found = name;
      return value;
    }
  return std::nullopt;
}

std::optional<Proxy> from_environment(const Environment& env, std::initializer_list<const char*> names) {
  const char* name = nullptr;
  const auto value = first_set(env, names, name);
  if (!value) return std::nullopt;
  return parse_proxy_url(*value, name);
}

// "host", "host:port", "[::1]", "[::1]:8080", "::1" (an IPv6 literal
// without brackets has no port).
NoProxyEntry no_proxy_entry(std::string_view text) {
  NoProxyEntry entry;
  std::string_view host = text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    host = text.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
    if (close != std::string_view::npos && close + 1 < text.size() && text[close + 1] == ':') {
      unsigned port = 0;
      const auto digits = text.substr(close + 2);
      if (std::from_chars(digits.data(), digits.data() + digits.size(), port).ec == std::errc{} && port > 0 && port <= 65535)
        entry.port = static_cast<std::uint16_t>(port);
    }
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos && text.find(':') == colon) {
    host = text.substr(0, colon);
    unsigned port = 0;
    const auto digits = text.substr(colon + 1);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), port).ec == std::errc{} && port > 0 && port <= 65535)
      entry.port = static_cast<std::uint16_t>(port);
  }
  while (!host.empty() && host.front() == '.') host.remove_prefix(1);
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  entry.domain = ascii::lower(host);
  return entry;
}

}  // namespace

std::string Proxy::shown() const { return fmt::format("http://{}:{}", bracketed(host), port); }

Target Proxy::as_target() const {
  Target t;
  t.host = host;
  t.port = port;
  t.path_and_query = "/";
  t.host_header = fmt::format("{}:{}", bracketed(host), port);
  return t;
}

Environment process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    if (const char* value = std::getenv(name)) return std::string(value);
    return std::nullopt;
  };
}

Proxy parse_proxy_url(std::string_view text, std::string_view origin) {
  const std::string url = text.find("://") == std::string_view::npos ? fmt::format("http://{}", text) : std::string(text);
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) bad(origin, text, "not a URL");
  const boost::urls::url_view& u = *parsed;
  const std::string scheme = ascii::lower(u.scheme());
  if (scheme == "https") bad(origin, text, "a proxy reached over TLS (https://) is not supported; give its http:// address");
  if (scheme != "http") bad(origin, text, fmt::format("'{}' proxies are not supported, only http:// ones", scheme));
  if (!u.has_authority() || u.host().empty()) bad(origin, text, "no host");
  if (!(u.encoded_path().empty() || u.encoded_path() == "/") || u.has_query() || u.has_fragment())
    bad(origin, text, "a proxy URL has no path");
  Proxy proxy;
  proxy.origin = std::string(origin);
  proxy.host = ascii::lower(u.host_type() == boost::urls::host_type::ipv6 ? std::string(u.host_address()) : std::string(u.host()));
  for (const char ch : proxy.host) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == ':')) bad(origin, text, "not a host name");
  }
  proxy.port = u.has_port() ? port_of(text, origin, u.port()) : 1080;
  if (u.has_userinfo()) {
    const std::string user = u.user();
    const std::string password = u.password();
    for (const char ch : user + password)
      if (ch == '\r' || ch == '\n' || ch == '\0') bad(origin, text, "the credentials hold a line break");
    proxy.authorization = "Basic " + base64(user + ":" + password);
  }
  return proxy;
}

std::vector<NoProxyEntry> parse_no_proxy(std::string_view text) {
  std::vector<NoProxyEntry> entries;
  std::size_t from = 0;
  while (from <= text.size()) {
    auto end = text.find_first_of(", ", from);
    if (end == std::string_view::npos) end = text.size();
    const auto one = ascii::trim_blanks(text.substr(from, end - from));
    if (!one.empty()) {
      auto entry = no_proxy_entry(one);
      if (!entry.domain.empty()) entries.push_back(std::move(entry));
    }
    from = end + 1;
  }
  return entries;
}

ProxySettings choose_proxies(const ProxyChoice& choice, const Environment& env) {
  ProxySettings settings;
  if (choice.none || (choice.url && choice.url->empty())) return settings;
  const char* name = nullptr;
  if (const auto no_proxy = first_set(env, {"no_proxy", "NO_PROXY"}, name)) settings.no_proxy = parse_no_proxy(*no_proxy);
  if (choice.url) {
    settings.for_http = settings.for_https = parse_proxy_url(*choice.url, "--proxy");
    return settings;
  }
  settings.for_https = from_environment(env, {"https_proxy", "HTTPS_PROXY"});
  settings.for_http = from_environment(env, {"http_proxy", "HTTP_PROXY"});
  const auto all = from_environment(env, {"all_proxy", "ALL_PROXY"});
  if (!settings.for_https) settings.for_https = all;
  if (!settings.for_http) settings.for_http = all;
  return settings;
}

bool bypasses_proxy(const std::vector<NoProxyEntry>& no_proxy, std::string_view host, std::uint16_t port) {
  std::string name = ascii::lower(host);
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  while (!name.empty() && name.back() == '.') name.pop_back();
  for (const auto& entry : no_proxy) {
    if (entry.port && *entry.port != port) continue;
    if (entry.domain == "*") return true;
    if (name == entry.domain) return true;
    if (name.size() > entry.domain.size() && name.ends_with(entry.domain) &&
        name[name.size() - entry.domain.size() - 1] == '.')
      return true;
  }
  return false;
}

const Proxy* proxy_for(const ProxySettings& settings, bool tls, std::string_view host, std::uint16_t port) {
  const auto& proxy = tls ? settings.for_https : settings.for_http;
  if (!proxy || bypasses_proxy(settings.no_proxy, host, port)) return nullptr;
  return &*proxy;
}

Target route_to(const Target& target, const ProxySettings& settings) {
  const Proxy* proxy = proxy_for(settings, target.tls, target.host, target.port);
  return proxy ? proxy->as_target() : target;
}

std::string connect_request(const Proxy& proxy, std::string_view host, std::uint16_t port) {
  const std::string authority = fmt::format("{}:{}", bracketed(std::string(host)), port);
  std::string out = fmt::format("CONNECT {} HTTP/1.1\r\nHost: {}\r\n", authority, authority);
  if (!proxy.authorization.empty()) out += fmt::format("Proxy-Authorization: {}\r\n", proxy.authorization);
  out += "\r\n";
  return out;
}

std::string absolute_form(const Target& target) {
  return fmt::format("http://{}{}", target.host_header, target.path_and_query);
}

}  // namespace rollcall::http
