#include "sim/client.hpp"

#include <algorithm>
#include <cctype>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace rollcall::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string html_unescape(std::string_view s) {
  static constexpr std::pair<std::string_view, char> entities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    for (const auto& [entity, replacement] : entities) {
      if (s.substr(i, entity.size()) == entity) {
        c = replacement;
        i += entity.size() - 1;
        break;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> attribute_after(std::string_view html, std::string_view anchor, std::string_view attr) {
  auto at = html.find(anchor);
  if (at == std::string_view::npos) return std::nullopt;
  auto end = html.find('>', at);
  auto tag = html.substr(at, end - at);
  auto key = std::string(attr) + "=\"";
  auto v = tag.find(key);
  if (v == std::string_view::npos) return std::nullopt;
  v += key.size();
  return html_unescape(tag.substr(v, tag.find('"', v) - v));
}

void update_jar(std::map<std::string, std::string>& jar, const Reply& reply) {
  for (const auto& line : reply.headers_named("Set-Cookie")) {
    std::string_view s(line);
    auto pair = s.substr(0, s.find(';'));
    auto eq = pair.find('=');
    std::string name(pair.substr(0, eq)), value(pair.substr(eq + 1));
    if (s.find("Max-Age=0") != std::string_view::npos) jar.erase(name);
    else jar[name] = value;
  }
}

}  // namespace

std::string Reply::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return {};
}

std::vector<std::string> Reply::headers_named(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) out.push_back(v);
  return out;
}

std::string Reply::location_target() const {
  auto loc = header("Location");
  auto scheme = loc.find("://");
  if (scheme == std::string::npos) return loc;
  auto slash = loc.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : loc.substr(slash);
}

struct Client::Connection {
  asio::io_context ioc;
  std::optional<asio::ssl::context> tls_context;
  std::optional<tcp::socket> plain;
  std::optional<asio::ssl::stream<tcp::socket>> tls;
  beast::flat_buffer buffer;
  bool open = false;
};

Client::Client(std::uint16_t port, std::string ca_pem) : port_(port), ca_pem_(std::move(ca_pem)) {}
Client::~Client() = default;

void Client::connect() {
  connection_ = std::make_unique<Connection>();
  auto& c = *connection_;
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port_);
  if (ca_pem_.empty()) {
    c.plain.emplace(c.ioc);
    c.plain->connect(endpoint);
  } else {
    c.tls_context.emplace(asio::ssl::context::tls_client);
    c.tls_context->add_certificate_authority(asio::buffer(ca_pem_));
    c.tls_context->set_verify_mode(asio::ssl::verify_peer);
    c.tls.emplace(c.ioc, *c.tls_context);
    c.tls->set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
    c.tls->lowest_layer().connect(endpoint);
    c.tls->handshake(asio::ssl::stream_base::client);
  }
  c.open = true;
}

Reply Client::get(const std::string& target) { return send("GET", target); }

Reply Client::post_form(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  return send("POST", target, body, "application/x-www-form-urlencoded");
}

Reply Client::send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& content_type) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  req.set(http::field::user_agent, "rollcall-test");
  std::string jar;
  for (const auto& [k, v] : cookies) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
  if (!jar.empty()) req.set(http::field::cookie, jar);
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  req.body() = body;
  req.prepare_payload();

  if (!connection_ || !connection_->open) connect();
  auto& c = *connection_;
  auto start = Clock::now();
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(method == "HEAD");  // a HEAD response announces a body it does not carry
  if (c.tls) {
    http::write(*c.tls, req);
    http::read(*c.tls, c.buffer, parser);
  } else {
    http::write(*c.plain, req);
    http::read(*c.plain, c.buffer, parser);
  }
  auto res = parser.release();
  Reply reply;
  reply.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  reply.status = res.result_int();
  for (const auto& field : res) reply.headers.emplace_back(field.name_string(), field.value());
  reply.body = std::move(res.body());
  if (!res.keep_alive()) connection_.reset();
  update_jar(cookies, reply);
  return reply;
}

std::optional<std::string> hidden_field(std::string_view html, std::string_view name) {
  return attribute_after(html, "name=\"" + std::string(name) + "\"", "value");
}

std::optional<std::string> form_action(std::string_view html) { return attribute_after(html, "<form", "action"); }

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

RawResult raw_exchange(std::uint16_t port, const std::string& request) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  RawResult result;
  auto start = Clock::now();
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), result.error);
  if (result.error) return result;
  asio::write(socket, asio::buffer(request), result.error);
  char chunk[4096];
  while (!result.error) {
    auto n = socket.read_some(asio::buffer(chunk), result.error);
    result.bytes.append(chunk, n);
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

boost::system::error_code try_connect(std::uint16_t port) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return ec;
}

boost::system::error_code parse_response(const std::string& bytes) {
  http::response_parser<http::string_body> parser;
  parser.eager(true);
  boost::system::error_code ec;
  parser.put(asio::buffer(bytes), ec);
  if (!ec && !parser.is_done()) ec = http::error::partial_message;
  return ec;
}

}  // namespace rollcall::test
