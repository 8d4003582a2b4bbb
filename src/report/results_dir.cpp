#include "report/results_dir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "report/html_report.hpp"
#include "report/junit.hpp"
#include "report/latency_hlog.hpp"
#include "report/results_stream.hpp"
#include "report/summary_json.hpp"

namespace rollcall::report {

namespace fs = std::filesystem;

std::string default_results_dir(double epoch_s) {
  const auto t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const std::string base = fmt::format("./rollcall-results/{:04}-{:02}-{:02}T{:02}-{:02}-{:02}Z", tm.tm_year + 1900,
                                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  // Two runs started in the same second (a CI job's two tests) each get their own.
  std::string dir = base;
  for (int n = 2; fs::exists(dir); ++n) dir = fmt::format("{}-{}", base, n);
  return dir;
}

void create_results_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot create the results directory ({})", dir, ec.message()));
  if (fs::exists(fs::path(dir) / results_stream_file))
    throw std::runtime_error(fmt::format("{}: already holds the results of a run; choose another --out", dir));
}

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot write ({})", temporary, std::strerror(errno)));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      throw std::runtime_error(fmt::format("{}: cannot write ({})", temporary, std::strerror(e)));
    }
    done += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
    throw std::runtime_error(fmt::format("{}: cannot rename into place ({})", path, std::strerror(errno)));
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown";
  return name;
}

WrittenOutputs write_final_outputs(const std::string& dir, const Results& r, Lang lang) {
  const fs::path base(dir);
  WrittenOutputs out{(base / "summary.json").string(), (base / "latency.hlog").string(), (base / "junit.xml").string(),
                     (base / "report.html").string()};
  write_file_atomically(out.summary, summary_json(r));
  std::ostringstream hlog;
  write_latency_hlog(r, hlog);
  write_file_atomically(out.hlog, hlog.str());
  write_file_atomically(out.junit, junit_xml(run_junit_suites(r), r.run.started_at));
  write_file_atomically(out.html, html_report(r, lang));
  return out;
}

}  // namespace rollcall::report
