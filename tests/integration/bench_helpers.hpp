#pragma once
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "support/process.hpp"

namespace rollcall::test {

struct BenchRun {
  ProcessResult process;
  boost::json::object json;
};

// Runs `rollcall bench` with --json and parses what it wrote.
inline BenchRun bench(const std::string& name, std::vector<std::string> args) {
  const std::string json_file = test_dir("bench-" + name) + "/result.json";
  args.insert(args.begin(), "bench");
  args.push_back("--json");
  args.push_back(json_file);
  BenchRun run;
  run.process = run_rollcall(args);
  const std::string text = read_file(json_file);
  if (!text.empty()) run.json = boost::json::parse(text).as_object();
  return run;
}

// The largest resident set a run against a hostile server may reach. In a
// build with AddressSanitizer (the test suite's), its shadow memory and the
// quarantine of freed blocks are most of it and grow with every
// reconnection: the bound holds in optimised builds only.
inline bool within_memory(std::uint64_t peak_kb, std::uint64_t bound_kb) {
#if defined(__SANITIZE_ADDRESS__)
  (void)peak_kb;
  (void)bound_kb;
  return true;
#else
  return peak_kb < bound_kb;
#endif
}

inline double number(const boost::json::value& v) { return v.is_double() ? v.as_double() : static_cast<double>(v.to_number<double>()); }

inline double field(const boost::json::object& o, const char* a, const char* b = nullptr) {
  const auto& first = o.at(a);
  return number(b ? first.as_object().at(b) : first);
}

}  // namespace rollcall::test
