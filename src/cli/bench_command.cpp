// `rollcall bench URL`: raw HTTP load on one URL, the way to prove the engine.
#include <fstream>
#include <iterator>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/limit_hints.hpp"
#include "cli/options.hpp"
#include "common/exit_code.hpp"
#include "common/usage_error.hpp"
#include "engine/bench_run.hpp"
#include "http/probe.hpp"
#include "http/proxy.hpp"
#include "http/request.hpp"
#include "http/resolve.hpp"
#include "http/source_addresses.hpp"
#include "report/bench_summary.hpp"

namespace rollcall::cli {

namespace {

struct BenchArgs {
  std::string url;
  unsigned connections = 10;
  std::string duration = "10s";
  unsigned threads = 0;  // 0: one per core
  std::vector<std::string> headers;
  std::string method = "GET";
  std::string body;
  std::string body_file;
  std::string timeout = "10s";
  std::string connect_timeout = "5s";
  std::string handshake_timeout = "5s";
  std::optional<double> rate;
  std::string json_file;
  bool insecure = false;
  std::string cacert;
  std::string source_ip;
  std::vector<std::string> resolve;
  http::ProxyChoice proxy;
};

std::string read_body_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("--body-file {}: cannot read this file", path));
  return std::string(std::istreambuf_iterator<char>(in), {});
}

engine::BenchPlan make_plan(const BenchArgs& a) {
  engine::BenchPlan plan;
  plan.target = http::parse_target(a.url);
  if (a.connections == 0) throw UsageError("--connections must be at least 1");
  plan.connections = a.connections;
  plan.duration = positive_duration("--duration", a.duration);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  plan.threads = std::min(a.threads == 0 ? cores : a.threads, plan.connections);
  if (a.rate) {
    if (!(*a.rate > 0)) throw UsageError(fmt::format("--rate must be a positive number of requests per second, not {}", *a.rate));
    plan.rate = a.rate;
  }
  plan.timeouts.request = positive_duration("--timeout", a.timeout);
  plan.timeouts.connect = positive_duration("--connect-timeout", a.connect_timeout);
  plan.timeouts.handshake = positive_duration("--handshake-timeout", a.handshake_timeout);
  plan.grace = std::min<std::chrono::nanoseconds>(plan.timeouts.request, std::chrono::seconds(2));

  http::RequestSpec spec;
  spec.method = http::validate_method(a.method);
  for (const auto& h : a.headers) spec.headers.push_back(http::parse_header(h));
  if (!a.body.empty() && !a.body_file.empty()) throw UsageError("--body and --body-file: give one");
  spec.body = a.body_file.empty() ? a.body : read_body_file(a.body_file);
  const http::ProxySettings proxies = chosen_proxies(a.proxy);
  if (const auto* proxy = http::proxy_for(proxies, plan.target.tls, plan.target.host, plan.target.port)) plan.proxy = *proxy;
  const bool forward = plan.proxy && !plan.target.tls;
  plan.request = http::serialize_request(plan.target, spec, forward ? &*plan.proxy : nullptr);
  if (plan.proxy && plan.target.tls) plan.tunnel = http::connect_request(*plan.proxy, plan.target.host, plan.target.port);
  plan.expect_no_body = spec.method == "HEAD";
  plan.tls.verify = !a.insecure;
  plan.tls.ca_file = a.cacert;
  if (!plan.target.tls && (a.insecure || !a.cacert.empty()))
    throw UsageError("--insecure and --cacert apply to https:// URLs only");
  return plan;
}

int run_bench_command(const BenchArgs& args) {
  engine::BenchPlan plan = make_plan(args);
  std::ofstream json_out;
  if (!args.json_file.empty()) {
    json_out.open(args.json_file);
    if (!json_out) throw UsageError(fmt::format("--json {}: cannot write this file", args.json_file));
  }
  engine::ensure_descriptors(plan);
  http::PinnedHosts pinned;
  for (const auto& r : args.resolve) pinned.push_back(http::parse_pinned_host(r));
  plan.endpoints = http::resolve_once(plan.proxy ? plan.proxy->as_target() : plan.target, pinned);
  if (!args.source_ip.empty())
    plan.sources = http::checked_source_addresses(args.source_ip, plan.endpoints.front().address().is_v6());
  auto tls_context = plan.target.tls ? http::make_client_context(plan.tls) : nullptr;
  if (auto problem = http::probe(plan.target, plan.endpoints, tls_context, plan.tls.verify, plan.timeouts.connect,
                                 plan.proxy ? &*plan.proxy : nullptr))
    throw UsageError(*problem);

  warn_single_source(plan.connections, plan.sources, "--connections");
  const engine::BenchResult result = engine::run_bench(plan);
  fmt::print("{}", report::bench_summary_text(plan, result));
  print_limit_hints(result.stats, limit_context(plan.sources, plan.endpoints, result.descriptor_limit, "--connections"));
  if (json_out.is_open()) {
    json_out << report::bench_summary_json(plan, result);
    json_out.flush();
  }
  return result.interrupted ? exit_code::aborted : exit_code::ok;
}

}  // namespace

void add_bench_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<BenchArgs>();
  auto* cmd = app.add_subcommand("bench", "Raw HTTP load on one URL, in the spirit of wrk");
  cmd->add_option("url", args->url, "http:// or https:// URL")->required();
  cmd->add_option("-c,--connections", args->connections, "Connections kept open")->capture_default_str();
  cmd->add_option("-d,--duration", args->duration, "How long to run (e.g. 30s, 2m)")->capture_default_str();
  cmd->add_option("-t,--threads", args->threads, "Worker threads, one event loop each (default: one per core)");
  cmd->add_option("-H,--header", args->headers, "Extra header 'Name: value' (repeatable)");
  cmd->add_option("--method", args->method, "HTTP method")->capture_default_str();
  cmd->add_option("--body", args->body, "Request body");
  cmd->add_option("--body-file", args->body_file, "Request body, read from this file");
  cmd->add_option("--timeout", args->timeout, "Request timeout, from the first byte sent")->capture_default_str();
  cmd->add_option("--connect-timeout", args->connect_timeout, "TCP connect timeout")->capture_default_str();
  cmd->add_option("--handshake-timeout", args->handshake_timeout, "TLS handshake timeout")->capture_default_str();
  cmd->add_option("--rate", args->rate,
                  "Open model: requests per second on a fixed schedule; latency counts from the scheduled time");
  cmd->add_option("--json", args->json_file, "Also write the results as JSON to this file");
  cmd->add_flag("--insecure", args->insecure, "Do not verify the server's TLS certificate");
  cmd->add_option("--cacert", args->cacert, "Trust this PEM CA file instead of the system's");
  cmd->add_option("--source-ip", args->source_ip,
                  "Local addresses new connections leave from, in turn: a range 127.0.0.2-127.0.0.20 or a list "
                  "127.0.0.2,127.0.0.3 (more than ~28,000 connections to one server)");
  add_resolve_flag(cmd, args->resolve);
  add_proxy_flags(cmd, args->proxy);
  cmd->callback([&action, args] { action = [args] { return run_bench_command(*args); }; });
}

}  // namespace rollcall::cli
