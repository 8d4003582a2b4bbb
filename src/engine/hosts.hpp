#pragma once
// The servers a journey talks to: the scenario's target and whatever its
// redirects lead to (a CAS or an identity provider on another host). Each
// is resolved once per run, whichever worker thread meets it first.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace rollcall::engine {

struct HostKey {
  bool tls = false;
  std::string host;
  std::uint16_t port = 0;
  bool operator==(const HostKey&) const = default;
  std::string str() const;  // "https://host:port"
};

class ResolverCache {
 public:
  using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;
  std::optional<Endpoints> find(const HostKey& key) const;
  void insert(const HostKey& key, Endpoints endpoints);

 private:
  mutable std::mutex mutex_;  // touched once per host per lane, never per request
  std::unordered_map<std::string, Endpoints> entries_;
};

}  // namespace rollcall::engine
