// --resolve HOST:PORT:ADDRESS, as curl spells it.
#include <catch2/catch.hpp>

#include "common/usage_error.hpp"
#include "http/resolve.hpp"

using namespace rollcall;
using namespace rollcall::http;

TEST_CASE("resolve flag: host, port and one or more addresses, IPv6 in brackets") {
  const auto one = parse_pinned_host("ENT.example.fr:443:127.0.0.1");
  CHECK(one.host == "ent.example.fr");
  CHECK(one.port == 443);
  REQUIRE(one.endpoints.size() == 1);
  CHECK(one.endpoints[0].address().to_string() == "127.0.0.1");
  CHECK(one.endpoints[0].port() == 443);

  const auto two = parse_pinned_host("cas.example.fr:8443:127.0.0.2,[::1]");
  REQUIRE(two.endpoints.size() == 2);
  CHECK(two.endpoints[1].address().to_string() == "::1");

  const auto v6host = parse_pinned_host("[::1]:80:127.0.0.1");
  CHECK(v6host.host == "::1");

  const PinnedHosts pinned{one, two};
  CHECK(find_pinned(pinned, "Ent.Example.FR", 443) == &pinned[0]);
  CHECK(find_pinned(pinned, "ent.example.fr", 80) == nullptr);
  // A pinned target is not looked up: a name that does not exist resolves.
  Target target;
  target.host = "ent.example.fr";
  target.port = 443;
  CHECK(resolve_once(target, pinned).front().address().to_string() == "127.0.0.1");
}

TEST_CASE("resolve flag: what is not HOST:PORT:ADDRESS is refused, saying what was expected") {
  for (const char* bad : {"ent.example.fr", "ent.example.fr:443", "ent.example.fr:443:", ":443:127.0.0.1",
                          "ent.example.fr:0:127.0.0.1", "ent.example.fr:https:127.0.0.1", "ent.example.fr:70000:127.0.0.1",
                          "ent.example.fr:443:staging", "ent.example.fr:443:127.0.0.1,", "[::1:80:127.0.0.1"}) {
    INFO(bad);
    try {
      parse_pinned_host(bad);
      FAIL("accepted");
    } catch (const UsageError& e) {
      const std::string what = e.what();
      CHECK(what.find(std::string("--resolve ") + bad) == 0);
      CHECK(what.find("expected HOST:PORT:ADDRESS") != std::string::npos);
    }
  }
}
