#include "http/tls.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include "common/usage_error.hpp"
#include "http/url.hpp"

namespace rollcall::http {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_client_context(const TlsOptions& options) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3);
  // Sessions are resumed by hand from TlsSessionCache, per thread.
  SSL_CTX_set_session_cache_mode(ctx->native_handle(), SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  // An idle connection gives its ~34 KB of record buffers back: thousands of
  // users keep a connection open between requests.
  SSL_CTX_set_mode(ctx->native_handle(), SSL_MODE_RELEASE_BUFFERS);
  if (!options.verify) {
    ctx->set_verify_mode(ssl::verify_none);
    return ctx;
  }
  ctx->set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (options.ca_file.empty()) {
    ctx->set_default_verify_paths(ec);
    if (ec) throw UsageError(fmt::format("cannot load the system's CA certificates: {}", ec.message()));
  } else {
    ctx->load_verify_file(options.ca_file, ec);
    if (ec) throw UsageError(fmt::format("--cacert {}: not a readable PEM certificate file", options.ca_file));
  }
  return ctx;
}

ClientContextOnDemand::ClientContextOnDemand(TlsOptions options, bool at_once) : options_(std::move(options)) {
  if (at_once || !options_.ca_file.empty()) get();
}

std::shared_ptr<ssl::context> ClientContextOnDemand::get() {
  std::call_once(built_, [this] { context_ = make_client_context(options_); });
  return context_;
}

TlsSessionCache::TlsSessionCache(std::shared_ptr<ssl::context> context, std::string server_name, bool verify)
    : context_(std::move(context)),
      server_name_(std::move(server_name)),
      sni_(!is_ip_literal(server_name_)),
      verify_(verify) {}

TlsSessionCache::~TlsSessionCache() {
  if (session_) SSL_SESSION_free(session_);
}

bool TlsSessionCache::prepare(SSL* ssl) {
  if (sni_ && SSL_set_tlsext_host_name(ssl, server_name_.c_str()) != 1) return false;
  if (verify_) {
    // Checks the certificate names the host we connect to (or its IP). A
    // name OpenSSL refuses to check would leave nothing checked: the
    // handshake must not go on then.
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int set = sni_ ? X509_VERIFY_PARAM_set1_host(param, server_name_.c_str(), server_name_.size())
                         : X509_VERIFY_PARAM_set1_ip_asc(param, server_name_.c_str());
    if (set != 1) return false;
  }
  if (session_) SSL_set_session(ssl, session_);
  return true;
}

void TlsSessionCache::count_handshake(SSL* ssl) noexcept {
  if (SSL_session_reused(ssl))
    ++resumed_;
  else
    ++full_;
}

void TlsSessionCache::remember(SSL* ssl) noexcept {
  SSL_SESSION* session = SSL_get1_session(ssl);
  if (!session) return;
  if (!SSL_SESSION_is_resumable(session)) {
    SSL_SESSION_free(session);
    return;
  }
  if (session_) SSL_SESSION_free(session_);
  session_ = session;
}

}  // namespace rollcall::http
