#pragma once
// The line a summary ends with when the generator itself, not the target,
// ran out of descriptors or local ports: which limit, and the flag that
// lifts it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "engine/journey_stats.hpp"
#include "engine/bench_stats.hpp"
#include "http/failure.hpp"
#include "http/source_addresses.hpp"

namespace rollcall::cli {

// Where connections leave from, in words: --source-ip as given, the target's
// own address for a loopback target (the kernel picks it as source), or
// "the default source address".
struct LimitWhere {
  std::string sources;
  bool sources_given = false;
  std::uint64_t descriptor_limit = 0;
  std::string load_flag;
  http::LimitContext context() const { return {sources, sources_given, descriptor_limit, load_flag}; }
};

LimitWhere limit_context(const http::SourceAddresses& sources, const std::vector<boost::asio::ip::tcp::endpoint>& target,
                         std::uint64_t descriptor_limit, std::string_view load_flag);

// Thousands of open connections from one source address to one server make
// the kernel's search for a free port scan most of the range at every
// connect (measured: a 5 s stall of the event loop at 15,000). Says so on
// stderr, before the run, when that many are asked without --source-ip.
inline constexpr std::uint64_t single_source_warning = 10000;
void warn_single_source(std::uint64_t connections, const http::SourceAddresses& sources, std::string_view flag);

// Prints one line per limit hit, to stdout after the summary.
void print_limit_hints(const engine::JourneyStats& stats, const LimitWhere& where);
void print_limit_hints(const engine::BenchStats& stats, const LimitWhere& where);

}  // namespace rollcall::cli
