#pragma once
// A throwaway certificate for --tls: generated at start, never stored unless
// asked (--write-cert), so a client trusts it with --cacert.
#include <string>

namespace rollcall::sim {

struct Certificate {
  std::string cert_pem;
  std::string key_pem;
};

// A self-signed P-256 certificate valid from an hour ago for 30 days, for
// 127.0.0.1 and localhost (and `extra_ip` when it is another address).
Certificate make_self_signed_certificate(const std::string& extra_ip);

}  // namespace rollcall::sim
