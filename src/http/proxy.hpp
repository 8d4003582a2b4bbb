#pragma once
// HTTP proxies, as curl chooses them: --proxy, or the environment's
// https_proxy / http_proxy / all_proxy, minus the hosts of no_proxy. A
// proxied https:// host is reached through a CONNECT tunnel (TLS, its server
// name and certificate check stay the target's); a proxied http:// request
// goes to the proxy with its URL in absolute form. The target's URL never
// changes: Host header, cookies and redirects keep the target's names.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/url.hpp"

namespace rollcall::http {

struct Proxy {
  std::string host;           // lower case; an IPv6 literal without brackets
  std::uint16_t port = 0;
  // "Basic ..." from the URL's user:password, or empty. A secret: sent to
  // the proxy only, never printed.
  std::string authorization;
  std::string origin;         // where it was given: --proxy, HTTPS_PROXY...

  // "http://host:port", what messages may say of it (no credentials).
  std::string shown() const;
  // host:port as a Target, to resolve it or pin it with --resolve.
  Target as_target() const;
};

// One entry of no_proxy: a host, a domain (matches its subdomains too), or
// `*` (every host); with a port, that port only.
struct NoProxyEntry {
  std::string domain;                 // lower case, no leading dot; "*" for every host
  std::optional<std::uint16_t> port;
};

// Which proxy each kind of target goes through, and which hosts go direct.
struct ProxySettings {
  std::optional<Proxy> for_http;      // http:// targets
  std::optional<Proxy> for_https;     // https:// targets, through CONNECT
  std::vector<NoProxyEntry> no_proxy;

  bool any() const { return for_http || for_https; }
};

// The command line's say: `--proxy URL`, `--proxy ''` and `--no-proxy`.
struct ProxyChoice {
  std::optional<std::string> url;     // --proxy; an empty one means none
  bool none = false;                  // --no-proxy
};

// Reads an environment variable: the real one, or a test's.
using Environment = std::function<std::optional<std::string>(const char* name)>;
Environment process_environment();

// Parses a proxy URL: [http://][user:password@]host[:port][/]; the port
// defaults to 1080, as curl's. `origin` names where it came from (--proxy,
// HTTPS_PROXY...) in the UsageError it throws; the message never repeats
// the credentials.
Proxy parse_proxy_url(std::string_view text, std::string_view origin);

// Parses no_proxy: entries separated by commas (and spaces).
std::vector<NoProxyEntry> parse_no_proxy(std::string_view text);

// The proxies to use: --proxy for every target when given (an empty one, or
// --no-proxy, means none, whatever the environment says); otherwise, per
// scheme, https_proxy/HTTPS_PROXY or http_proxy/HTTP_PROXY, then
// all_proxy/ALL_PROXY (the lower-case name first, as curl reads them).
// no_proxy/NO_PROXY applies to both. Throws UsageError on a proxy rollcall
// cannot use (socks, https:// proxies, a bad URL), naming its variable.
ProxySettings choose_proxies(const ProxyChoice& choice, const Environment& env);

// Whether `host:port` is one of no_proxy's: the host itself or a subdomain
// of an entry, case-insensitive; an entry with a port matches that port only.
// Loopback names and addresses are not exempt unless listed (as in curl).
bool bypasses_proxy(const std::vector<NoProxyEntry>& no_proxy, std::string_view host, std::uint16_t port);

// The proxy a target is reached through, or nullptr when it goes direct.
const Proxy* proxy_for(const ProxySettings& settings, bool tls, std::string_view host, std::uint16_t port);

// What a connection to `target` dials: the proxy (as a plain http:// host)
// when the target goes through one, else the target itself.
Target route_to(const Target& target, const ProxySettings& settings);

// The request that opens a tunnel to host:port: CONNECT, Host and, when the
// proxy wants credentials, Proxy-Authorization.
std::string connect_request(const Proxy& proxy, std::string_view host, std::uint16_t port);

// The request target a proxy needs for a plain http:// request:
// "http://host[:port]/path?query".
std::string absolute_form(const Target& target);

}  // namespace rollcall::http
