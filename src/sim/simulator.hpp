#pragma once
// The built-in ENT simulator: a CAS-protected school portal with a known
// capacity, served on its own thread and io_context so it can run inside
// rollcall (tests, `rollcall demo`) or on its own (`rollcall sim`).
#include <cstdint>
#include <memory>
#include <string>

#include "sim/config.hpp"

namespace rollcall::sim {

struct Stats {
  std::uint64_t connections = 0;
  std::uint64_t requests = 0;
  std::uint64_t turned_away = 0;  // quota pages and waiting-room pages
  std::uint64_t faults = 0;       // requests a fault was applied to
  std::uint64_t busy = 0;         // now: workers serving a request
  std::uint64_t waiting = 0;      // now: requests queued for a worker
};

class Simulator {
 public:
  // Validates the configuration (UsageError).
  explicit Simulator(Config config);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Binds (UsageError when the address is unusable) and serves on a new
  // thread. Once only.
  void start();

  // Stops serving and closes every connection; from any thread but the
  // simulator's own. Idempotent; the destructor calls it.
  void stop();

  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:8080" (https with --tls).
  std::string url() const;
  // The PEM certificate clients must trust with --tls; empty otherwise.
  const std::string& certificate_pem() const { return certificate_pem_; }
  const Config& config() const { return config_; }

  // Counters so far (or at stop(), once stopped).
  Stats stats() const;

 private:
  struct Impl;
  Config config_;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::string certificate_pem_;
  Stats final_stats_;
};

}  // namespace rollcall::sim
