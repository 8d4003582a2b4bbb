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

}  // namespace rollcall::cli
