#pragma once
// Running programs from tests: rollcall itself, nginx, openssl.
#include <chrono>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace rollcall::test {

struct ProcessResult {
  int exit_code = -1;   // 128 + signal when killed
  std::string out;
  std::string err;
  std::uint64_t peak_rss_kb = 0;  // the process's largest resident set
  double wall_s = 0;              // from start to exit
};

// Runs argv to completion, capturing stdout and stderr. Kills it (by its
// PID) if it outlives `limit`, so a hung test fails instead of hanging CI.
ProcessResult run_process(const std::vector<std::string>& argv,
                          std::chrono::seconds limit = std::chrono::seconds(120));

// The rollcall binary under test, with arguments.
ProcessResult run_rollcall(const std::vector<std::string>& args,
                           std::chrono::seconds limit = std::chrono::seconds(120));

// A program left running in the background; stopped by PID when destroyed.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv, std::string log_file = "/dev/null");
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signal` and waits up to `limit` for the exit, then SIGKILL.
  int stop(int signal, std::chrono::milliseconds limit = std::chrono::milliseconds(5000));

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
};

// A port nobody listens on right now (bound then released).
unsigned short free_port();

// Waits until something accepts TCP connections on 127.0.0.1:port.
bool wait_for_port(unsigned short port, std::chrono::milliseconds limit = std::chrono::milliseconds(5000));

// A fresh directory under the build tree's test output, removed never: tests
// leave their files there for whoever investigates a failure.
std::string test_dir(const std::string& name);

bool program_exists(const std::string& name);

// A whole file as a string; empty when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace rollcall::test
