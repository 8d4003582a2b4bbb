// `rollcall sim`: the built-in ENT simulator on the command line.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "common/exit_code.hpp"
#include "common/rlimit.hpp"
#include "common/usage_error.hpp"
#include "sim/accounts.hpp"
#include "sim/capacity.hpp"
#include "sim/config.hpp"
#include "sim/drift.hpp"
#include "sim/simulator.hpp"

namespace rollcall::cli {

namespace {

// What the flags say, before it is checked and turned into a sim::Config.
struct SimOptions {
  sim::Config config;
  std::vector<std::string> service_times;
  std::vector<std::string> faults;
  std::string retry_after, doc_size, session_ttl, drift;
  std::string write_cert, write_accounts;
  bool describe = false;
  bool json = false;
};

Duration duration_flag(std::string_view flag, const std::string& text) {
  auto d = parse_duration(text);
  if (!d) throw UsageError(fmt::format("{} '{}' is not a duration (e.g. 30s, 2h)", flag, text));
  return *d;
}

sim::Config build_config(const SimOptions& o) {
  sim::Config c = o.config;
  for (const auto& s : o.service_times) {
    auto [endpoint, duration] = sim::parse_service_time(s);
    c.service_time[static_cast<std::size_t>(endpoint)] = duration;
  }
  for (const auto& f : o.faults) c.faults.push_back(sim::parse_fault(f));
  if (!o.retry_after.empty()) c.retry_after = duration_flag("--retry-after", o.retry_after);
  if (!o.session_ttl.empty()) c.session_ttl = duration_flag("--session-ttl", o.session_ttl);
  if (!o.doc_size.empty()) c.doc_size = sim::parse_size(o.doc_size);
  if (!o.drift.empty()) std::tie(c.drift, c.drift_period) = sim::parse_drift(o.drift);
  sim::validate(c);
  return c;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) throw UsageError(fmt::format("cannot write {}", path));
}

int serve(const sim::Config& config, const SimOptions& o) {
  // Signals are caught before the simulator says it listens, so a client
  // that reads that line and sends SIGTERM always gets a clean stop.
  boost::asio::io_context signals_context;
  boost::asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  int received = 0;
  signals.async_wait([&received](const boost::system::error_code& ec, int signal) {
    if (!ec) received = signal;
  });

  // A target for thousands of connections wants every descriptor it may have.
  raise_descriptor_limit();
  sim::Simulator simulator(config);
  simulator.start();
  if (!o.write_cert.empty()) write_text(o.write_cert, simulator.certificate_pem());
  fmt::print("listening on {}\n", simulator.url());
  std::fflush(stdout);

  signals_context.run();
  simulator.stop();
  auto s = simulator.stats();
  fmt::print(stderr, "rollcall sim: stopped ({}): {} connections, {} requests, {} turned away, {} faults\n",
             received == SIGINT ? "SIGINT" : "SIGTERM", s.connections, s.requests, s.turned_away, s.faults);
  return exit_code::ok;
}

int run_sim(const SimOptions& o) {
  sim::Config config = build_config(o);
  if (o.describe) {
    auto capacity = sim::describe_capacity(config);
    fmt::print("{}", o.json ? sim::capacity_json(capacity) : sim::format_capacity(capacity));
    return exit_code::ok;
  }
  if (!o.write_accounts.empty()) {
    auto n = sim::write_accounts(o.write_accounts, config);
    fmt::print("wrote {} accounts to {} (students.csv, parents.csv, teachers.csv)\n", n, o.write_accounts);
    return exit_code::ok;
  }
  return serve(config, o);
}

}  // namespace

void add_sim_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<SimOptions>();
  auto& o = *options;
  auto& c = o.config;
  auto* sim = app.add_subcommand("sim", "Run the built-in ENT simulator (CAS login, portal, APIs, known capacity)");

  sim->add_option("--port", c.port, "Port to listen on; 0 picks a free one")->capture_default_str();
  sim->add_option("--listen", c.listen, "Address to listen on")->capture_default_str();
  auto* tls = sim->add_flag("--tls", c.tls, "Serve HTTPS with a self-signed certificate made at start");
  sim->add_option("--write-cert", o.write_cert, "With --tls: write the certificate (PEM) here, for --cacert")
      ->needs(tls);

  // Unsigned flags: CLI11 would wrap "-1" around, so the text is checked first.
  static const CLI::Validator non_negative(
      [](std::string& text) -> std::string { return !text.empty() && text.front() == '-' ? "must not be negative" : ""; },
      "", "non-negative");
  auto count = [sim](const char* name, auto& target, const char* help) {
    return sim->add_option(name, target, help)->check(non_negative)->capture_default_str();
  };
  count("--workers", c.workers, "Requests served at once");
  count("--queue", c.queue, "Requests that may wait for a worker; beyond: quota page");
  auto* room = sim->add_flag("--waiting-room", c.waiting_room,
                             "Beyond the queue, answer 200 with a waiting-room page and Retry-After instead of 503");
  sim->add_option("--retry-after", o.retry_after, "Retry-After of the waiting room (default 30s)")->needs(room);
  sim->add_option("--service-time", o.service_times,
                  "ENDPOINT=DURATION, repeatable: how long a request holds a worker (see --describe)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sim->add_option("--drift", o.drift,
                  "PCT[@PERIOD]: service times wander within +-PCT, swinging once per PERIOD (default 40s), "
                  "seeded by --seed; e.g. 20% or 20%@1m");

  count("--students", c.students, "Student accounts");
  count("--parents", c.parents, "Parent accounts");
  count("--teachers", c.teachers, "Teacher accounts");
  sim->add_flag("--saml", c.saml, "Parents log in through a SAML hop (auto-submitted form to /saml/acs)");
  count("--seed", c.seed, "Seed of tokens, fault draws and the --drift curve");
  sim->add_option("--doc-size", o.doc_size, "Size of /docs/ID.pdf (default 300KB)");
  sim->add_flag("--compress", c.compress,
                "Compress HTML and JSON answers in br or gzip, as the request's Accept-Encoding allows");
  sim->add_option("--session-ttl", o.session_ttl, "Lifetime of portal sessions and CAS logins (default 2h)");
  count("--max-sessions", c.max_sessions, "Sessions (and tokens, tickets) kept; the oldest go first");
  sim->add_option("--fault", o.faults, "KIND[:ARG][@SHARE%][@FROM-TO], repeatable; see docs/simulator.md")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

  auto* describe = sim->add_flag("--describe", o.describe, "Print the capacity this configuration implies, and exit");
  sim->add_flag("--json", o.json, "With --describe: as JSON")->needs(describe);
  sim->add_option("--write-accounts", o.write_accounts, "Write students.csv, parents.csv, teachers.csv here, and exit")
      ->excludes(describe);

  sim->callback([&action, options] { action = [options] { return run_sim(*options); }; });
}

}  // namespace rollcall::cli
