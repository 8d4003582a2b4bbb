// Virtual users' plain-TCP connections, in their own translation unit.
#include "engine/vu_connection_impl.hpp"

namespace rollcall::engine {

std::shared_ptr<VuConnection> make_plain_connection(ScenarioLane& lane, asio::ip::tcp::endpoint endpoint) {
  return std::make_shared<VuConnectionImpl<http::PlainTransport>>(lane, endpoint, nullptr);
}

}  // namespace rollcall::engine
