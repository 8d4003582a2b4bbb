#include <catch2/catch.hpp>

#include <cerrno>

#include "common/usage_error.hpp"
#include "http/failure.hpp"
#include "http/source_addresses.hpp"

using namespace rollcall::http;
using boost::asio::ip::make_address;

namespace {

std::vector<std::string> spelled(const SourceAddresses& s) {
  std::vector<std::string> out;
  for (const auto& a : s.addresses) out.push_back(a.to_string());
  return out;
}

std::string usage_error_of(const std::string& text) {
  try {
    parse_source_addresses(text);
  } catch (const rollcall::UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("source addresses: a range is every address from first to last") {
  const auto s = parse_source_addresses("127.0.0.2-127.0.0.5");
  CHECK(spelled(s) == std::vector<std::string>{"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"});
  CHECK(s.spelled == "127.0.0.2-127.0.0.5");
  // Across an octet boundary.
  CHECK(spelled(parse_source_addresses("10.0.0.254-10.0.1.1")) ==
        std::vector<std::string>{"10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1"});
  CHECK(parse_source_addresses("127.0.0.7-127.0.0.7").addresses.size() == 1);
}

TEST_CASE("source addresses: lists, ranges in lists, spaces and IPv6") {
  CHECK(spelled(parse_source_addresses("127.0.0.2,127.0.0.3")) == std::vector<std::string>{"127.0.0.2", "127.0.0.3"});
  CHECK(spelled(parse_source_addresses(" 127.0.0.2 , 127.0.0.10 - 127.0.0.11 ")) ==
        std::vector<std::string>{"127.0.0.2", "127.0.0.10", "127.0.0.11"});
  CHECK(spelled(parse_source_addresses("::1")) == std::vector<std::string>{"::1"});
  CHECK(parse_source_addresses("127.0.0.1-127.0.255.255").addresses.size() == 65535);
}

TEST_CASE("source addresses: bad input names the bad part") {
  CHECK(usage_error_of("127.0.0.5-127.0.0.2").find("ends before it starts") != std::string::npos);
  CHECK(usage_error_of("localhost").find("'localhost' is not an IP address") != std::string::npos);
  CHECK(usage_error_of("127.0.0.2,").find("empty item") != std::string::npos);
  CHECK(usage_error_of("").find("empty item") != std::string::npos);
  CHECK(usage_error_of("127.0.0.300").find("'127.0.0.300' is not an IP address") != std::string::npos);
  CHECK(usage_error_of("::1-::2").find("IPv4") != std::string::npos);
  CHECK(usage_error_of("10.0.0.0-10.2.0.0").find("more than 65536") != std::string::npos);
  CHECK(usage_error_of("127.0.0.2-127.0.0.3").empty());
}

TEST_CASE("source addresses: new connections take them in turn") {
  const auto s = parse_source_addresses("127.0.0.2-127.0.0.4");
  SourceRotation first_lane(s, 0);
  std::vector<std::string> order;
  for (int i = 0; i < 7; ++i) order.push_back(first_lane.next()->to_string());
  CHECK(order == std::vector<std::string>{"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.2", "127.0.0.3",
                                          "127.0.0.4", "127.0.0.2"});
  // Another lane starts further on, so that lanes that open one connection
  // each still use different addresses.
  SourceRotation second_lane(s, 1);
  CHECK(second_lane.next()->to_string() == "127.0.0.3");
  SourceRotation fifth_lane(s, 4);
  CHECK(fifth_lane.next()->to_string() == "127.0.0.3");
  // Without --source-ip the kernel chooses.
  const SourceAddresses nothing;
  SourceRotation none(nothing, 3);
  CHECK(none.next() == nullptr);
  CHECK(SourceRotation().next() == nullptr);
}

TEST_CASE("source addresses: only this machine's, of the target's family") {
  CHECK_FALSE(source_address_problem(make_address("127.0.0.1"), false));
  CHECK_FALSE(source_address_problem(make_address("127.0.0.20"), false));  // all of 127/8 is loopback
  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): configured on no machine.
  const auto foreign = source_address_problem(make_address("192.0.2.1"), false);
  REQUIRE(foreign);
  CHECK(foreign->find("not an address of this machine") != std::string::npos);
  const auto family = source_address_problem(make_address("127.0.0.1"), true);
  REQUIRE(family);
  CHECK(family->find("IPv6") != std::string::npos);
  REQUIRE(source_address_problem(make_address("0.0.0.0"), false));
  CHECK_THROWS_AS(checked_source_addresses("127.0.0.2,192.0.2.1", false), rollcall::UsageError);
  CHECK(checked_source_addresses("127.0.0.2-127.0.0.3", false).addresses.size() == 2);
}

TEST_CASE("running out of ports or descriptors names the limit and the flag that lifts it") {
  const auto bind_in_use = boost::system::error_code(EADDRINUSE, boost::system::system_category());
  CHECK(classify(bind_in_use, Phase::connect) == Failure::no_local_ports);
  CHECK(classify(boost::system::error_code(ENFILE, boost::system::system_category()), Phase::connect) ==
        Failure::no_descriptors);

  const LimitContext default_source{"127.0.0.1", false, 20000, "--vus"};
  CHECK(failure_hint(Failure::no_local_ports, default_source) ==
        "ran out of local ports on 127.0.0.1: spread connections with --source-ip 127.0.0.2-127.0.0.20");
  CHECK(failure_hint(Failure::no_descriptors, default_source) ==
        "descriptor limit 20000 reached: lower --vus or raise ulimit -n (the hard limit, as root)");
  const LimitContext spread{"127.0.0.2-127.0.0.4", true, 1024, "--connections"};
  CHECK(failure_hint(Failure::no_local_ports, spread) ==
        "ran out of local ports on 127.0.0.2-127.0.0.4: add addresses to --source-ip or lower --connections");
  CHECK(failure_hint(Failure::refused, spread).empty());
}
