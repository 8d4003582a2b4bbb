// Virtual users' TLS connections, in their own translation unit.
#include "engine/vu_connection_impl.hpp"

namespace rollcall::engine {

std::shared_ptr<VuConnection> make_tls_connection(ScenarioLane& lane, asio::ip::tcp::endpoint endpoint,
                                                  http::TlsSessionCache& session) {
  return std::make_shared<VuConnectionImpl<http::TlsTransport>>(lane, endpoint, &session);
}

}  // namespace rollcall::engine
