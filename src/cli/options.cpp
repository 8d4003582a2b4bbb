#include "cli/options.hpp"

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/usage_error.hpp"

namespace rollcall::cli {

std::chrono::nanoseconds positive_duration(const std::string& flag, const std::string& text) {
  auto d = parse_duration(text);
  if (!d || d->count() <= 0)
    throw UsageError(fmt::format("{} '{}': expected a positive duration such as 500ms, 10s or 2m", flag, text));
  return *d;
}

std::chrono::nanoseconds non_negative_duration(const std::string& flag, const std::string& text) {
  auto d = parse_duration(text);
  if (!d || d->count() < 0)
    throw UsageError(fmt::format("{} '{}': expected a duration such as 0s, 500ms, 10s or 2m", flag, text));
  return *d;
}

scenario::LoadSpec::Arrivals arrival_process_flag(const std::string& flag, const std::string& text) {
  if (text == "uniform") return scenario::LoadSpec::Arrivals::uniform;
  if (text == "poisson") return scenario::LoadSpec::Arrivals::poisson;
  throw UsageError(fmt::format("{} '{}': expected uniform (evenly spaced) or poisson (independent people, as they arrive)", flag, text));
}

void add_feeder_flag(CLI::App* cmd, std::vector<std::string>& values) {
  cmd->add_option("--feeder", values,
                  "PERSONA=FILE: take PERSONA's accounts from FILE (a CSV with the same columns) instead of the file "
                  "its feeder names; repeatable")
      ->allow_extra_args(false);
}

std::map<std::string, std::string> feeder_files(const std::vector<std::string>& values) {
  std::map<std::string, std::string> files;
  for (const auto& v : values) {
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
      throw UsageError(fmt::format("--feeder '{}': expected PERSONA=FILE, such as student=accounts/students-staging.csv", v));
    if (!files.emplace(v.substr(0, eq), v.substr(eq + 1)).second)
      throw UsageError(fmt::format("--feeder: persona '{}' is given twice", v.substr(0, eq)));
  }
  return files;
}

void add_resolve_flag(CLI::App* cmd, std::vector<std::string>& values) {
  cmd->add_option("--resolve", values,
                  "HOST:PORT:ADDRESS[,ADDRESS...]: reach HOST:PORT at ADDRESS without DNS, keeping the Host "
                  "header, TLS server name and cookies of HOST (as curl's --resolve); repeatable")
      ->allow_extra_args(false);
}

void add_proxy_flags(CLI::App* cmd, http::ProxyChoice& choice) {
  cmd->add_option("--proxy", choice.url,
                  "http://[user:password@]host[:port]: reach the targets through this HTTP proxy (CONNECT for https); "
                  "'' for none. Default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, minus NO_PROXY")
      ->allow_extra_args(false);
  cmd->add_flag("--no-proxy", choice.none, "Ignore the proxy environment variables: connect to the targets directly");
}

// A proxy taken from the environment is said once: a variable set for
// other tools would otherwise change where the load goes without a word.
http::ProxySettings chosen_proxies(const http::ProxyChoice& choice) {
  if (choice.none && choice.url && !choice.url->empty()) throw UsageError("--proxy and --no-proxy: give one");
  http::ProxySettings settings = http::choose_proxies(choice, http::process_environment());
  if (!choice.url) {
    if (settings.for_https)
      fmt::print(stderr, "rollcall: https:// hosts through the proxy {} ({}; --no-proxy to connect directly)\n",
                 settings.for_https->shown(), settings.for_https->origin);
    if (settings.for_http)
      fmt::print(stderr, "rollcall: http:// hosts through the proxy {} ({}; --no-proxy to connect directly)\n",
                 settings.for_http->shown(), settings.for_http->origin);
  }
  return settings;
}

}  // namespace rollcall::cli
