// Which proxy a target goes through, given --proxy and the environment.
#include <map>

#include <catch2/catch.hpp>

#include "common/usage_error.hpp"
#include "http/proxy.hpp"
#include "http/request.hpp"

using namespace rollcall;
using namespace rollcall::http;

namespace {

Environment env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// "host:port" of the proxy for that URL, or "direct".
std::string route(const ProxySettings& s, const std::string& url) {
  const Target t = parse_target(url);
  const Proxy* p = proxy_for(s, t.tls, t.host, t.port);
  return p ? p->host + ":" + std::to_string(p->port) : "direct";
}

std::string usage_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("proxy url: host and port and credentials as Basic with the port 1080 by default as curl's") {
  const auto p = parse_proxy_url("http://Proxy.Example.fr:3128", "--proxy");
  CHECK(p.host == "proxy.example.fr");
  CHECK(p.port == 3128);
  CHECK(p.authorization.empty());
  CHECK(p.shown() == "http://proxy.example.fr:3128");

  CHECK(parse_proxy_url("proxy.example.fr", "--proxy").port == 1080);
  CHECK(parse_proxy_url("10.0.0.1:8080/", "--proxy").host == "10.0.0.1");
  const auto v6 = parse_proxy_url("http://[::1]:3128", "--proxy");
  CHECK(v6.host == "::1");
  CHECK(v6.shown() == "http://[::1]:3128");
  CHECK(v6.as_target().host_header == "[::1]:3128");

  // RFC 7617: base64 of "user:password", percent-escapes decoded first.
  const auto auth = parse_proxy_url("http://aladdin:open%20sesame@proxy:3128", "--proxy");
  CHECK(auth.authorization == "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  CHECK(auth.shown() == "http://proxy:3128");
}

TEST_CASE("proxy url: what rollcall cannot use is a usage error that never repeats the password") {
  const auto https = usage_error([] { parse_proxy_url("https://user:hunter2@proxy:443", "HTTPS_PROXY"); });
  CHECK(https.find("HTTPS_PROXY https://***@proxy:443") != std::string::npos);
  CHECK(https.find("over TLS") != std::string::npos);
  CHECK(https.find("hunter2") == std::string::npos);
  CHECK(usage_error([] { parse_proxy_url("socks5://proxy:1080", "ALL_PROXY"); }).find("'socks5' proxies are not supported") !=
        std::string::npos);
  CHECK(usage_error([] { parse_proxy_url("http://proxy:0", "--proxy"); }).find("port must be 1 to 65535") != std::string::npos);
  CHECK(usage_error([] { parse_proxy_url("http://proxy:3128/path", "--proxy"); }).find("no path") != std::string::npos);
  CHECK(usage_error([] { parse_proxy_url("http://:3128", "--proxy"); }).find("no host") != std::string::npos);
  CHECK(usage_error([] { parse_proxy_url("http://u:p%0d%0aX:y@proxy:3128", "--proxy"); }).find("line break") !=
        std::string::npos);
}

TEST_CASE("proxy environment: per scheme then all_proxy with the lower-case name first") {
  const auto s = choose_proxies({}, env_of({{"https_proxy", "http://secure:1"},
                                            {"HTTPS_PROXY", "http://upper:2"},
                                            {"HTTP_PROXY", "http://plain:3"},
                                            {"ALL_PROXY", "http://all:4"}}));
  CHECK(route(s, "https://ent.example.fr/") == "secure:1");
  CHECK(route(s, "http://ent.example.fr/") == "plain:3");

  const auto all = choose_proxies({}, env_of({{"all_proxy", "http://all:4"}, {"ALL_PROXY", "http://ALL:5"}}));
  CHECK(route(all, "https://ent.example.fr/") == "all:4");
  CHECK(route(all, "http://ent.example.fr/") == "all:4");

  // An empty variable is no proxy, as in curl.
  const auto empty = choose_proxies({}, env_of({{"https_proxy", ""}, {"HTTPS_PROXY", "http://upper:2"}}));
  CHECK(route(empty, "https://ent.example.fr/") == "upper:2");
  CHECK(route(choose_proxies({}, env_of({{"http_proxy", "http://plain:3"}})), "https://ent.example.fr/") == "direct");
  CHECK_FALSE(choose_proxies({}, env_of({})).any());
}

TEST_CASE("proxy flag: the flag wins over the environment and an empty one or no-proxy turns it off") {
  const auto env = env_of({{"https_proxy", "http://env:1"}, {"http_proxy", "http://env:1"}, {"no_proxy", "intranet.fr"}});
  const auto flag = choose_proxies({std::string("http://flag:2"), false}, env);
  CHECK(route(flag, "https://ent.example.fr/") == "flag:2");
  CHECK(route(flag, "http://ent.example.fr/") == "flag:2");
  CHECK(route(flag, "https://www.intranet.fr/") == "direct");  // NO_PROXY applies to --proxy too, as in curl
  CHECK_FALSE(choose_proxies({std::string(), false}, env).any());
  CHECK_FALSE(choose_proxies({std::nullopt, true}, env).any());
  // A variable rollcall cannot use is an error naming it...
  CHECK(usage_error([] { choose_proxies({}, env_of({{"ALL_PROXY", "socks5://proxy:1080"}})); }).find("ALL_PROXY") !=
        std::string::npos);
  // ...unless the command line says not to read them.
  CHECK_FALSE(choose_proxies({std::nullopt, true}, env_of({{"ALL_PROXY", "socks5://proxy:1080"}})).any());
}

TEST_CASE("no_proxy: hosts and domain suffixes with or without a dot and star and ports in any case") {
  const auto entries = parse_no_proxy(" .ac-lyon.fr, ENT.example.fr ,cas.example.fr:8443,[::1]:8080,10.0.0.1");
  REQUIRE(entries.size() == 5);
  CHECK(entries[0].domain == "ac-lyon.fr");
  CHECK_FALSE(entries[0].port);
  CHECK(entries[2].domain == "cas.example.fr");
  CHECK(entries[2].port == 8443);
  CHECK(entries[3].domain == "::1");
  CHECK(entries[3].port == 8080);

  CHECK(bypasses_proxy(entries, "ac-lyon.fr", 443));
  CHECK(bypasses_proxy(entries, "www.ac-lyon.fr", 443));
  CHECK(bypasses_proxy(entries, "WWW.AC-LYON.FR.", 443));
  CHECK_FALSE(bypasses_proxy(entries, "notac-lyon.fr", 443));  // a suffix only on a label boundary
  CHECK(bypasses_proxy(entries, "ent.example.fr", 80));
  CHECK(bypasses_proxy(entries, "a.ent.example.fr", 80));
  CHECK_FALSE(bypasses_proxy(entries, "example.fr", 80));
  CHECK(bypasses_proxy(entries, "cas.example.fr", 8443));
  CHECK_FALSE(bypasses_proxy(entries, "cas.example.fr", 443));
  CHECK(bypasses_proxy(entries, "::1", 8080));
  CHECK_FALSE(bypasses_proxy(entries, "::1", 443));
  CHECK(bypasses_proxy(entries, "10.0.0.1", 80));
  // Loopback goes through the proxy unless listed, as in curl.
  CHECK_FALSE(bypasses_proxy(entries, "127.0.0.1", 80));
  CHECK_FALSE(bypasses_proxy(entries, "localhost", 80));

  const auto star = parse_no_proxy("*");
  CHECK(bypasses_proxy(star, "anything.example", 1));
  const auto s = choose_proxies({}, env_of({{"HTTPS_PROXY", "http://p:1"}, {"NO_PROXY", "localhost,127.0.0.1"}}));
  CHECK(route(s, "https://localhost:8443/") == "direct");
  CHECK(route(s, "https://127.0.0.1:8443/") == "direct");
  CHECK(route(s, "https://ent.example.fr/") == "p:1");
}

TEST_CASE("proxy requests: CONNECT with Host and credentials and plain requests in absolute form") {
  const auto p = parse_proxy_url("http://u:p@proxy:3128", "--proxy");
  CHECK(connect_request(p, "ent.example.fr", 443) ==
        "CONNECT ent.example.fr:443 HTTP/1.1\r\nHost: ent.example.fr:443\r\nProxy-Authorization: Basic dTpw\r\n\r\n");
  CHECK(connect_request(parse_proxy_url("proxy:3128", "--proxy"), "::1", 8443) ==
        "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n");
  const Target t = parse_target("http://ent.example.fr:8080/portal?x=1");
  CHECK(absolute_form(t) == "http://ent.example.fr:8080/portal?x=1");
  RequestSpec spec;
  const std::string request = serialize_request(t, spec, &p);
  CHECK(request.rfind("GET http://ent.example.fr:8080/portal?x=1 HTTP/1.1\r\nHost: ent.example.fr:8080\r\n", 0) == 0);
  CHECK(request.find("Proxy-Authorization: Basic dTpw\r\n") != std::string::npos);
  CHECK(serialize_request(t, spec).rfind("GET /portal?x=1 HTTP/1.1\r\n", 0) == 0);
  CHECK(route_to(t, choose_proxies({std::string("http://proxy:3128"), false}, env_of({}))).host_header == "proxy:3128");
  CHECK(route_to(t, {}).host_header == "ent.example.fr:8080");
}
