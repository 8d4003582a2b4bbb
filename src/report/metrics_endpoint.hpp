#pragma once
// --metrics-listen 127.0.0.1:9464: serves the latest Prometheus text to any
// GET, on its own thread, for as long as the run lasts. The run's thread
// publishes a new text once per interval; the lanes never see this. At most
// 16 connections are served at once (more are closed as they arrive), and
// one that has not sent its request within 5 s is closed.
#include <memory>
#include <string>

namespace rollcall::report {

class MetricsEndpoint {
 public:
  // "127.0.0.1:9464", "[::1]:9464", ":9464" (loopback). Binds at once:
  // throws UsageError when the address is unusable.
  explicit MetricsEndpoint(const std::string& listen);
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  void publish(std::string text);
  unsigned short port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rollcall::report
