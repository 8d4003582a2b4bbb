#include "cli/limit_hints.hpp"

#include <fmt/format.h>

namespace rollcall::cli {

namespace {

constexpr http::Failure limit_failures[] = {http::Failure::no_descriptors, http::Failure::no_local_ports};

void print_hint(http::Failure f, std::uint64_t count, const LimitWhere& where) {
  if (count == 0) return;
  fmt::print("  limit        {} ({} connections failed)\n", http::failure_hint(f, where.context()), count);
}

}  // namespace

LimitWhere limit_context(const http::SourceAddresses& sources, const std::vector<boost::asio::ip::tcp::endpoint>& target,
                         std::uint64_t descriptor_limit, std::string_view load_flag) {
  LimitWhere where;
  where.descriptor_limit = descriptor_limit;
  where.load_flag = std::string(load_flag);
  if (!sources.addresses.empty()) {
    where.sources = sources.spelled;
    where.sources_given = true;
  } else if (!target.empty() && target.front().address().is_loopback()) {
    where.sources = target.front().address().to_string();
  } else {
    where.sources = "the default source address";
  }
  return where;
}

void warn_single_source(std::uint64_t connections, const http::SourceAddresses& sources, std::string_view flag) {
  if (connections < single_source_warning || !sources.addresses.empty()) return;
  fmt::print(stderr,
             "rollcall: note: {} {} from one source address: the kernel's search for a free port slows every new "
             "connection and stalls the event loops; spread them with --source-ip 127.0.0.2-127.0.0.20\n",
             connections, flag == "--vus" ? "users' connections" : "connections");
}

void print_limit_hints(const engine::JourneyStats& stats, const LimitWhere& where) {
  for (auto f : limit_failures) {
    std::uint64_t count = 0;
    for (const auto& s : stats.steps()) count += s.failures[static_cast<std::size_t>(f)];
    print_hint(f, count, where);
  }
}

void print_limit_hints(const engine::BenchStats& stats, const LimitWhere& where) {
  for (auto f : limit_failures) print_hint(f, stats.failure(f), where);
}

}  // namespace rollcall::cli
