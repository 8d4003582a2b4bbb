#pragma once
// Local addresses that connections leave from (`--source-ip`). One source
// address has ~28,000 ephemeral ports towards one server; spreading new
// connections over several loopback addresses lets one machine hold more.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace rollcall::http {

struct SourceAddresses {
  std::vector<boost::asio::ip::address> addresses;  // empty: the kernel chooses
  std::string spelled;                              // as the user wrote it, for messages
};

// More addresses than this is a typo (127.0.0.2-127.1.0.0), not a plan.
inline constexpr std::size_t max_source_addresses = 65536;

// Parses "127.0.0.2-127.0.0.20", "127.0.0.2,127.0.0.3" or a mix of both
// ("127.0.0.2,127.0.0.10-127.0.0.12"). Ranges are IPv4 and inclusive.
// Throws UsageError naming the bad part.
SourceAddresses parse_source_addresses(std::string_view text);

// Why connections cannot leave from `address`, or nothing: it must be
// loopback or configured on this machine (it is bound to port 0 to find
// out), and of the target's family.
std::optional<std::string> source_address_problem(const boost::asio::ip::address& address, bool target_is_v6);

// Parses and checks every address; throws UsageError on the first problem.
SourceAddresses checked_source_addresses(std::string_view text, bool target_is_v6);

// Hands out the addresses in turn, one per new connection. One per event
// loop: no lock, and the loops start at different offsets so that together
// they still spread evenly.
class SourceRotation {
 public:
  SourceRotation() = default;
  SourceRotation(const SourceAddresses& sources, std::size_t offset)
      : list_(&sources.addresses), next_(sources.addresses.empty() ? 0 : offset % sources.addresses.size()) {}

  // The address for the next connection; nullptr when the kernel chooses.
  const boost::asio::ip::address* next() noexcept {
    if (!list_ || list_->empty()) return nullptr;
    const auto* a = &(*list_)[next_];
    if (++next_ == list_->size()) next_ = 0;
    return a;
  }

 private:
  const std::vector<boost::asio::ip::address>* list_ = nullptr;
  std::size_t next_ = 0;
};

}  // namespace rollcall::http
