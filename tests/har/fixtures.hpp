#pragma once
// The HAR fixtures of tests/har/fixtures (make_fixtures.py, record_sim.py).
#include <string>
#include <vector>

namespace rollcall::test {

inline std::string har_fixture(const std::string& name) {
  return std::string(ROLLCALL_SOURCE_DIR) + "/tests/har/fixtures/" + name;
}

// Every secret the fixtures recorded: none may come out of the importer.
inline const std::vector<std::string>& recorded_secrets() {
  static const std::vector<std::string> secrets = {
      // other-sso.har (make_fixtures.py)
      "S3cret!pass-Zx", "jdupont42", "Zq8fP0aLm2Vn7Rt", "LT-7781-cXk2pLq9", "c0ns3nt-9f8e7d6c5b",
      "PHNhbWxwOlJlc3BvbnNl", "rs-4d5e6f7a8b9c", "xsrf-Ab12Cd34Ef56", "k9Xv2mQ8rTz5",
      "b1336b4768db16e856e199048a1a62ac", "ca26a1a840991e658e61bd8674b6331b",
      // sim-student.har (record_sim.py against rollcall sim)
      "Mdp-student0001", "student0001", "ST-", "TGT-", "e1s1-"};
  return secrets;
}

}  // namespace rollcall::test
