// Virtual users' TLS connections, in their own translation unit.
#include "engine/vu_connection_impl.hpp"

namespace rollcall::engine {

std::shared_ptr<VuConnection> make_tls_connection(ScenarioLane& lane, asio::ip::tcp::endpoint endpoint,
                                                  http::TlsSessionCache& session,
                                                  std::shared_ptr<const std::string> tunnel) {
  return std::make_shared<VuConnectionImpl<http::TlsTransport>>(lane, endpoint, &session, std::move(tunnel));
}

}  // namespace rollcall::engine
