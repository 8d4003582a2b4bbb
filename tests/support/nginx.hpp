#pragma once
// A real nginx for integration tests: its own prefix, config and port on
// loopback, one worker, started by the test and stopped by its PID.
#include <map>
#include <memory>
#include <string>

#include "support/process.hpp"

namespace rollcall::test {

struct NginxOptions {
  std::map<std::string, std::string> files;   // path under the document root -> content
  bool tls = false;                           // serve HTTPS with a generated self-signed certificate
  int keepalive_requests = 100000;
  std::string extra_server_config;            // appended inside server { }
};

class Nginx {
 public:
  explicit Nginx(const std::string& name, NginxOptions options = {});
  ~Nginx();

  unsigned short port() const { return port_; }
  std::string url(const std::string& path) const;
  std::string ca_file() const { return dir_ + "/cert.pem"; }   // the self-signed certificate itself
  void stop();

 private:
  std::string dir_;
  unsigned short port_ = 0;
  bool tls_ = false;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace rollcall::test
