#include "support/nginx.hpp"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace rollcall::test {

namespace {

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

void make_certificate(const std::string& dir) {
  auto r = run_process({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", dir + "/key.pem", "-out",
                        dir + "/cert.pem"});
  if (r.exit_code != 0) throw std::runtime_error("openssl req failed: " + r.err);
}

}  // namespace

Nginx::Nginx(const std::string& name, NginxOptions options) : tls_(options.tls) {
  if (!program_exists("nginx")) throw std::runtime_error("nginx is not installed (scripts/install-deps.sh installs it)");
  dir_ = test_dir("nginx-" + name);
  for (const auto& [path, content] : options.files) write_file(std::filesystem::path(dir_) / "html" / path, content);
  std::filesystem::create_directories(dir_ + "/html");
  std::filesystem::create_directories(dir_ + "/logs");
  if (tls_) make_certificate(dir_);
  port_ = free_port();
  const std::string tls_config =
      tls_ ? fmt::format("ssl_certificate {0}/cert.pem; ssl_certificate_key {0}/key.pem; "
                         "ssl_session_cache shared:SSL:1m; ssl_session_tickets on;",
                         dir_)
           : "";
  const std::string config = fmt::format(
      R"({6}worker_processes 1;
daemon off;
pid {0}/nginx.pid;
error_log {0}/logs/error.log warn;
worker_rlimit_nofile 30000;
events {{ worker_connections 25000; }}
http {{
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path {0}/tmp/body; proxy_temp_path {0}/tmp/proxy; fastcgi_temp_path {0}/tmp/fastcgi;
  uwsgi_temp_path {0}/tmp/uwsgi; scgi_temp_path {0}/tmp/scgi;
  keepalive_requests {1};
  server {{
    listen 127.0.0.1:{2}{3} backlog=4096;
    root {0}/html;
    {4}
    {5}
  }}
}}
)",
      dir_, options.keepalive_requests, port_, tls_ ? " ssl" : "", tls_config, options.extra_server_config,
      // Run as root, workers would be "nobody", who may not enter the folder
      // the checkout lives in (a home directory, say): keep them root.
      geteuid() == 0 ? "user root;\n" : "");
  std::filesystem::create_directories(dir_ + "/tmp");
  write_file(dir_ + "/nginx.conf", config);
  process_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{"nginx", "-p", dir_, "-c", dir_ + "/nginx.conf"}, dir_ + "/logs/stderr.log");
  if (!wait_for_port(port_)) throw std::runtime_error("nginx did not start; see " + dir_ + "/logs");
}

Nginx::~Nginx() { stop(); }

void Nginx::stop() {
  // QUIT is nginx's graceful stop: the master waits for its worker.
  if (process_) process_->stop(SIGQUIT);
  process_.reset();
}

std::string Nginx::url(const std::string& path) const {
  return fmt::format("{}://127.0.0.1:{}{}", tls_ ? "https" : "http", port_, path);
}

}  // namespace rollcall::test
