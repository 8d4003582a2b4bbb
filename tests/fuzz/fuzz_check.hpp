#pragma once
// What the harnesses share: their entry points, and what a broken invariant
// does. Under libFuzzer (ROLLCALL_LIBFUZZER) it aborts, so that the fuzzer
// keeps the input as a crash; in the replay test (tests/fuzz_replay) it
// throws, so that the test names the file that broke it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace rollcall::fuzz {

struct InvariantBroken {
  std::string what;
};

[[noreturn]] inline void invariant_broken(const std::string& what) {
#ifdef ROLLCALL_LIBFUZZER
  std::fprintf(stderr, "rollcall fuzz: invariant broken: %s\n", what.c_str());
  std::abort();
#else
  throw InvariantBroken{what};
#endif
}

inline void check(bool holds, const std::string& what) {
  if (!holds) invariant_broken(what);
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits off the text up to the first '\n' (the whole input when there is
// none): harnesses that need two inputs read them as "first\nrest".
inline std::string_view take_line(std::string_view& text) {
  const auto nl = text.find('\n');
  const std::string_view line = text.substr(0, nl);
  text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  return line;
}

inline bool has_line_break_or_nul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace rollcall::fuzz

// One per harness, each in tests/fuzz/<name>.cpp. Return 0, as libFuzzer wants.
int fuzz_response_reader(const std::uint8_t* data, std::size_t size);
int fuzz_html(const std::uint8_t* data, std::size_t size);
int fuzz_cookie_jar(const std::uint8_t* data, std::size_t size);
int fuzz_csv(const std::uint8_t* data, std::size_t size);
int fuzz_template(const std::uint8_t* data, std::size_t size);
int fuzz_scenario_yaml(const std::uint8_t* data, std::size_t size);
int fuzz_results_stream(const std::uint8_t* data, std::size_t size);
int fuzz_hlog(const std::uint8_t* data, std::size_t size);
int fuzz_url(const std::uint8_t* data, std::size_t size);
int fuzz_sim_request(const std::uint8_t* data, std::size_t size);
int fuzz_content_coding(const std::uint8_t* data, std::size_t size);
int fuzz_har(const std::uint8_t* data, std::size_t size);
