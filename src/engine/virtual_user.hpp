#pragma once
// A virtual user: one person's browser. Its own cookies, variables,
// connections and TLS sessions, never shared with another user; pinned to
// the lane (thread) that started it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/user_rng.hpp"
#include "engine/hosts.hpp"
#include "engine/vu_connection.hpp"
#include "http/cookie_jar.hpp"
#include "http/proxy.hpp"
#include "http/response_reader.hpp"
#include "http/tls.hpp"
#include "scenario/model.hpp"
#include "scenario/template.hpp"

namespace rollcall::engine {

struct HostState {
  HostKey key;
  boost::asio::ip::tcp::endpoint endpoint;
  std::unique_ptr<http::TlsSessionCache> tls;  // https: this user's session with that host
  std::vector<std::shared_ptr<VuConnection>> connections;
  // Through a proxy (`endpoint` is then the proxy's): plain http sends its
  // requests to it in absolute form, TLS opens a tunnel with this CONNECT.
  const http::Proxy* forward = nullptr;
  std::shared_ptr<const std::string> tunnel;
};

struct VirtualUser {
  VirtualUser(std::uint64_t id_, std::size_t persona_, std::size_t variable_count, std::uint64_t seed)
      : id(id_), persona(persona_), variables(variable_count), rng(seed) {}
  VirtualUser(const VirtualUser&) = delete;
  VirtualUser& operator=(const VirtualUser&) = delete;
  ~VirtualUser() { close_connections(); }

  void close_connections() {
    for (auto& host : hosts)
      for (auto& c : host.connections) c->retire();
    hosts.clear();
  }

  std::uint64_t id;
  std::size_t persona;
  std::uint64_t iteration = 0;
  scenario::Variables variables;
  http::CookieJar cookies;
  UserRng rng;
  std::vector<HostState> hosts;
  // The last page: where submit_form takes its form from (page.forms, when
  // the last step's extractions read them already), and what extraction
  // reads.
  std::string page_url;
  http::ResponseData page;
};

// A fresh identity for a new journey of `persona`: an empty cookie jar, no
// page, the builtins (vu, iteration, persona) and, when the persona has a
// feeder, the columns of `row`.
void begin_identity(VirtualUser& user, const scenario::Persona& persona, const std::vector<std::string>* row);

}  // namespace rollcall::engine
