#include "engine/hosts.hpp"

#include <fmt/format.h>

namespace rollcall::engine {

std::string HostKey::str() const { return fmt::format("{}://{}:{}", tls ? "https" : "http", host, port); }

std::optional<ResolverCache::Endpoints> ResolverCache::find(const HostKey& key) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key.str());
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void ResolverCache::insert(const HostKey& key, Endpoints endpoints) {
  std::lock_guard lock(mutex_);
  entries_.emplace(key.str(), std::move(endpoints));
}

}  // namespace rollcall::engine
