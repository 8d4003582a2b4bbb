#pragma once
// TLS settings shared by every connection of a run, and the session that
// lets a reconnecting client skip the full handshake.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/ssl/context.hpp>

typedef struct ssl_st SSL;
typedef struct ssl_session_st SSL_SESSION;

namespace rollcall::http {

struct TlsOptions {
  bool verify = true;          // --insecure turns it off
  std::string ca_file;         // --cacert; empty means the system's trust store
};

// Builds the client context. Throws UsageError when the CA file is unusable.
std::shared_ptr<boost::asio::ssl::context> make_client_context(const TlsOptions& options);

// The client context of a run, built on first need: a run against a plain
// http target never loads the trust store unless a redirect leads to https.
// With a CA file it is built at once, so that an unusable one is a usage
// error before the run rather than a failure in its middle. Thread-safe.
class ClientContextOnDemand {
 public:
  ClientContextOnDemand(TlsOptions options, bool at_once);
  std::shared_ptr<boost::asio::ssl::context> get();

 private:
  TlsOptions options_;
  std::once_flag built_;
  std::shared_ptr<boost::asio::ssl::context> context_;
};

// One per thread: the resumable session of the last connection to the host,
// and the count of full and resumed handshakes. Used only on its own thread.
class TlsSessionCache {
 public:
  TlsSessionCache(std::shared_ptr<boost::asio::ssl::context> context, std::string server_name, bool verify);
  ~TlsSessionCache();
  TlsSessionCache(const TlsSessionCache&) = delete;
  TlsSessionCache& operator=(const TlsSessionCache&) = delete;

  boost::asio::ssl::context& context() noexcept { return *context_; }

  // Before a handshake: SNI, host name verification, the session to resume.
  // False when OpenSSL refused the name: the handshake must not be tried.
  [[nodiscard]] bool prepare(SSL* ssl);
  // After a handshake: was it resumed?
  void count_handshake(SSL* ssl) noexcept;
  // After the first response on a connection: keep its session for the next one.
  void remember(SSL* ssl) noexcept;

  std::uint64_t full_handshakes() const noexcept { return full_; }
  std::uint64_t resumed_handshakes() const noexcept { return resumed_; }
  void reset_counts() noexcept { full_ = resumed_ = 0; }

 private:
  std::shared_ptr<boost::asio::ssl::context> context_;
  std::string server_name_;
  bool sni_;
  bool verify_;
  SSL_SESSION* session_ = nullptr;
  std::uint64_t full_ = 0;
  std::uint64_t resumed_ = 0;
};

}  // namespace rollcall::http
