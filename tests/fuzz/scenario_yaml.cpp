// The scenario loader (YAML, then every reference checked and every
// template, regex and selector compiled): any file gives a scenario or
// problems with a place and a message, never a crash or an exception. The
// loader reads a path, so each input is written to a scratch folder that
// also holds the feeder file the seeds name.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_check.hpp"
#include "scenario/loader.hpp"

using namespace rollcall;

namespace {

class Scratch {
 public:
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rollcall-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    dir_ = pattern;
    std::ofstream(dir_ / "accounts.csv") << "username,password\nalice,secret1\nbob,\"se,cret\"\n";
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string write(std::string_view text) const {
    const auto path = (dir_ / "scenario.yaml").string();
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(text.size()));
    return path;
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

int fuzz_scenario_yaml(const std::uint8_t* data, std::size_t size) {
  static const Scratch scratch;
  const scenario::LoadResult result = scenario::load_scenario(scratch.write(fuzz::as_text(data, size)));
  fuzz::check(result.scenario.has_value() == result.problems.empty(), "a scenario and problems, or neither");
  for (const auto& p : result.problems)
    fuzz::check(p.where.line >= 1 && p.where.column >= 1 && !p.message.empty(), "a problem without a place or a message");
  if (result.scenario) (void)scenario::summarize(*result.scenario);
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_scenario_yaml(data, size); }
#endif
