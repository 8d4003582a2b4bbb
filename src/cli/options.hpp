#pragma once
// Validation of option values shared by every command.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "http/proxy.hpp"
#include "scenario/load_spec.hpp"

namespace rollcall::cli {

// Parses a duration given to `flag`; throws UsageError naming the flag and
// the expected form when it is not a positive duration.
std::chrono::nanoseconds positive_duration(const std::string& flag, const std::string& text);

// The same, zero allowed (0s).
std::chrono::nanoseconds non_negative_duration(const std::string& flag, const std::string& text);

// --resolve HOST:PORT:ADDRESS, repeatable, as curl spells it.
void add_resolve_flag(CLI::App* cmd, std::vector<std::string>& values);

// --feeder PERSONA=FILE, repeatable: a persona's accounts from another file.
void add_feeder_flag(CLI::App* cmd, std::vector<std::string>& values);

// The --feeder values by persona; throws UsageError on a value that is not
// PERSONA=FILE or a persona given twice.
std::map<std::string, std::string> feeder_files(const std::vector<std::string>& values);

// --proxy URL and --no-proxy; without them, the environment's proxies.
void add_proxy_flags(CLI::App* cmd, http::ProxyChoice& choice);
// The proxies of the command line and the environment; UsageError on a
// proxy rollcall cannot use.
http::ProxySettings chosen_proxies(const http::ProxyChoice& choice);

// "uniform" or "poisson"; throws UsageError naming the flag otherwise.
scenario::LoadSpec::Arrivals arrival_process_flag(const std::string& flag, const std::string& text);

}  // namespace rollcall::cli
